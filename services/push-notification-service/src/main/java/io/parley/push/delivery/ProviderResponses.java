package io.parley.push.delivery;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;

/** What every provider's answer has in common: 429 and 5xx are worth a retry, as are I/O errors. */
public final class ProviderResponses {

  private ProviderResponses() {}

  public static boolean isTransient(int status) {
    return status == 429 || status >= 500;
  }

  /** A 429 or 5xx, with the Retry-After it carried. */
  public static SendResult.Transient transientFailure(
      HttpResponse<?> response, Clock clock, String reason) {
    return new SendResult.Transient(
        response.statusCode(),
        RetryAfter.parse(response.headers().firstValue("retry-after"), clock).orElse(null),
        reason);
  }

  /** A network failure: the provider may not have seen the request at all. */
  public static SendResult.Transient networkFailure(IOException e) {
    String what = e instanceof HttpTimeoutException ? "timeout" : e.getClass().getSimpleName();
    return new SendResult.Transient(0, null, "network: " + what);
  }
}
