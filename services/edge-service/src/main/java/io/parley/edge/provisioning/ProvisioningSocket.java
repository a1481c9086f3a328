package io.parley.edge.provisioning;

import io.parley.edge.EdgeProperties;
import io.parley.runtime.ratelimit.RateLimitExceededException;
import io.parley.runtime.ratelimit.TokenBuckets;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code /ws/provisioning}: plain WebSocket (not STOMP), no token. On open the server sends {@code
 * {"type":"address","address":"...","expiresAt":"..."}}; when the primary device PUTs to that
 * address, {@code {"type":"message","body":"<base64>"}}, and closes. Opening is rate-limited per
 * client address; the client never sends anything (a message closes the socket).
 */
@Component
class ProvisioningSocket extends TextWebSocketHandler {

  /** Close code when the client address opened too many channels. */
  static final CloseStatus RATE_LIMITED = new CloseStatus(4029, "too many provisioning channels");

  private final ProvisioningRelay relay;
  private final TokenBuckets buckets;
  private final TokenBuckets.Limit opens;

  ProvisioningSocket(ProvisioningRelay relay, TokenBuckets buckets, EdgeProperties properties) {
    this.relay = relay;
    this.buckets = buckets;
    int perMinute = properties.provisioning().opensPerMinute();
    this.opens =
        new TokenBuckets.Limit(
            "provisioning-open", perMinute, Duration.ofMinutes(1).dividedBy(perMinute));
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    InetSocketAddress remote = session.getRemoteAddress();
    String client = remote == null ? "unknown" : remote.getAddress().getHostAddress();
    try {
      buckets.take(opens, client, 1);
    } catch (RateLimitExceededException e) {
      session.close(RATE_LIMITED);
      return;
    }
    relay.open(session);
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
    session.close(
        CloseStatus.POLICY_VIOLATION.withReason("the provisioning channel only receives"));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    relay.closed(session);
  }
}
