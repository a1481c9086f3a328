package io.parley.auth.verification;

import io.parley.auth.AuthProperties;
import io.parley.auth.phone.PhoneNumbers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A real SMS gateway behind an HTTP webhook: {@code POST parley.auth.sms.webhook-url} with JSON
 * {@code {"to": "+1...", "code": "123456", "message": "..."}} and, if configured, a bearer token.
 * Any 2xx is success; anything else (or no answer within the timeout) fails the request with 503
 * and the verification session can be retried.
 */
@Component
@ConditionalOnProperty("parley.auth.sms.webhook-url")
class WebhookCodeSender implements VerificationCodeSender {

  private static final Logger log = LoggerFactory.getLogger(WebhookCodeSender.class);

  private final AuthProperties.Sms sms;
  private final HttpClient http;

  WebhookCodeSender(AuthProperties properties) {
    this.sms = properties.sms();
    this.http = HttpClient.newBuilder().connectTimeout(sms.timeout()).build();
  }

  @Override
  public void send(String e164, String code) {
    String body =
        "{\"to\":\""
            + e164
            + "\",\"code\":\""
            + code
            + "\",\"message\":\"Your Parley code: "
            + code
            + "\"}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(sms.webhookUrl())
            .timeout(sms.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sms.webhookToken() != null) {
      request.header("Authorization", "Bearer " + sms.webhookToken().value());
    }
    try {
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new CodeDeliveryException("SMS gateway answered " + response.statusCode(), null);
      }
      log.info("verification code handed to the SMS gateway for {}", PhoneNumbers.mask(e164));
    } catch (IOException e) {
      throw new CodeDeliveryException("SMS gateway unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CodeDeliveryException("interrupted", e);
    }
  }
}
