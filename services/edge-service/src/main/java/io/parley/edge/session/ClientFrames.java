package io.parley.edge.session;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frames the edge writes to a client itself, beside what Spring's broker writes (CONNECTED,
 * heart-beats): RECEIPT, MESSAGE on {@code /user/queue/...}, and the ERROR that ends a session.
 * Each session's frames go through its own ordered channel, so a notice sent before an ERROR
 * arrives before it.
 */
@Component
public class ClientFrames {

  static final String EVENTS = "/user/queue/events";

  private static final Logger log = LoggerFactory.getLogger(ClientFrames.class);

  private final MessageChannel clientOutbound;
  private final JsonMapper json;

  ClientFrames(@Qualifier("clientOutboundChannel") MessageChannel clientOutbound, JsonMapper json) {
    this.clientOutbound = clientOutbound;
    this.json = json;
  }

  /** A channel that keeps one session's frames in order. */
  MessageChannel orderedChannel() {
    return new OrderedMessageChannelDecorator(
        clientOutbound, LogFactory.getLog(ClientFrames.class));
  }

  /** Answers a frame's {@code receipt} header; nothing when the frame had none. */
  public void receipt(EdgeSession session, String receiptId) {
    if (receiptId == null) {
      return;
    }
    StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.RECEIPT);
    headers.setReceiptId(receiptId);
    send(session.outbound(), session.id(), headers, new byte[0]);
  }

  /**
   * A notice on {@code /user/queue/events}. Dropped (and logged) when the client has not subscribed
   * there: clients subscribe right after CONNECT.
   */
  public void notice(EdgeSession session, Notice notice) {
    String subscription = session.subscriptionId(EVENTS);
    if (subscription == null) {
      log.debug("{}: no subscription to {}, notice {} dropped", session, EVENTS, notice.code());
      return;
    }
    message(session, EVENTS, subscription, null, json.writeValueAsBytes(notice), Map.of());
  }

  /**
   * A MESSAGE frame to one of the session's subscriptions.
   *
   * @param ackId the {@code ack} header (STOMP 1.2), for subscriptions with client acks; or null
   */
  public void message(
      EdgeSession session,
      String destination,
      String subscriptionId,
      String ackId,
      byte[] body,
      Map<String, String> extraHeaders) {
    StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.MESSAGE);
    headers.setDestination(destination);
    headers.setSubscriptionId(subscriptionId);
    headers.setMessageId(ackId != null ? ackId : java.util.UUID.randomUUID().toString());
    if (ackId != null) {
      headers.setNativeHeader("ack", ackId);
    }
    headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
    extraHeaders.forEach(headers::setNativeHeader);
    send(session.outbound(), session.id(), headers, body);
  }

  /**
   * Ends a session with a STOMP ERROR: headers {@code message} (a sentence) and {@code code}, a
   * JSON body {@code {code, message}}; Spring closes the socket once the frame is written.
   */
  public void end(EdgeSession session, String code, String message) {
    end(session.outbound(), session.id(), code, message, null);
  }

  /**
   * The same for a socket that has no authenticated session (a refused CONNECT).
   *
   * @param reason a finer code (e.g. why a token was refused: {@code expired}), or null
   */
  public void end(String sessionId, String code, String message, String reason) {
    end(clientOutbound, sessionId, code, message, reason);
  }

  private void end(
      MessageChannel channel, String sessionId, String code, String message, String reason) {
    StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.ERROR);
    headers.setMessage(message);
    headers.setNativeHeader("code", code);
    Map<String, String> body = new java.util.LinkedHashMap<>();
    body.put("code", code);
    if (reason != null) {
      headers.setNativeHeader("reason", reason);
      body.put("reason", reason);
    }
    body.put("message", message);
    headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    send(channel, sessionId, headers, bytes);
  }

  private static void send(
      MessageChannel channel, String sessionId, StompHeaderAccessor headers, byte[] body) {
    headers.setSessionId(sessionId);
    headers.setLeaveMutable(true);
    Message<byte[]> frame = MessageBuilder.createMessage(body, headers.getMessageHeaders());
    try {
      channel.send(frame);
    } catch (RuntimeException e) {
      log.debug("could not write a frame to session {}: {}", sessionId, e.toString());
    }
  }
}
