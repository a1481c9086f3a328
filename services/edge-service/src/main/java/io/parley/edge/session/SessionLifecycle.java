package io.parley.edge.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.contracts.events.v1.DisconnectReason;
import io.parley.edge.EdgeProperties;
import io.parley.security.AccessTokenVerifier;
import io.parley.security.AuthenticatedDevice;
import io.parley.security.InvalidAccessTokenException;
import io.parley.security.TokenVerificationUnavailableException;
import io.parley.security.VerifiedAccessToken;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * A session's life on this node: CONNECT with a token, the claim of the device's connection record,
 * re-authentication, the end (connected elsewhere, token expired, device removed, shutdown) and the
 * events that announce it.
 */
@Component
public class SessionLifecycle {

  /** Session attribute set once CONNECT was accepted; the connect deadline looks for it. */
  static final String AUTHENTICATED_ATTRIBUTE = "parley.authenticated";

  private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

  private final AccessTokenVerifier verifier;
  private final SessionRegistry registry;
  private final ConnectionRecords connections;
  private final SessionEvents events;
  private final ClientFrames frames;
  private final NodeLease lease;
  private final EdgeProperties properties;
  private final Clock clock;
  private final SessionListeners listeners;
  private final Counter connectsAccepted;
  private final MeterRegistry meters;
  private volatile boolean draining;

  SessionLifecycle(
      AccessTokenVerifier verifier,
      SessionRegistry registry,
      ConnectionRecords connections,
      SessionEvents events,
      ClientFrames frames,
      NodeLease lease,
      EdgeProperties properties,
      Clock clock,
      SessionListeners listeners,
      MeterRegistry meters) {
    this.listeners = listeners;
    this.verifier = verifier;
    this.registry = registry;
    this.connections = connections;
    this.events = events;
    this.frames = frames;
    this.lease = lease;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.connectsAccepted = refusals("accepted");
    Gauge.builder("parley.edge.sessions", registry, SessionRegistry::size)
        .description("authenticated STOMP sessions held by this edge node")
        .register(meters);
  }

  private Counter refusals(String outcome) {
    return Counter.builder("parley.edge.connects")
        .description("STOMP CONNECT frames by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  /**
   * Handles a CONNECT frame: true if the session is open (the broker then answers CONNECTED), false
   * if it was refused with a STOMP ERROR.
   */
  boolean connect(StompHeaderAccessor connect) {
    String sessionId = connect.getSessionId();
    if (draining) {
      refuse(sessionId, "server_shutdown", "this node is shutting down; connect again", null);
      return false;
    }
    VerifiedAccessToken token;
    try {
      token = verifier.verifyToken(bearer(connect));
    } catch (InvalidAccessTokenException e) {
      refuse(sessionId, "invalid_token", e.getMessage(), e.reason().code());
      return false;
    } catch (TokenVerificationUnavailableException e) {
      refuse(
          sessionId, "unavailable", "the token cannot be checked now; connect again shortly", null);
      return false;
    }
    Instant now = clock.instant();
    ConnectionRecords.Claim claim;
    try {
      claim =
          connections.claim(token.device(), token.incarnation(), lease.nodeId(), sessionId, now);
    } catch (RuntimeException e) {
      log.warn("could not claim the connection record of {}: {}", token.device(), e.toString());
      refuse(
          sessionId,
          "unavailable",
          "the session cannot be opened now; connect again shortly",
          null);
      return false;
    }
    EdgeSession session =
        new EdgeSession(
            sessionId,
            token.device(),
            token.incarnation(),
            claim.epoch(),
            now,
            token.issuedAt(),
            token.expiresAt(),
            frames.orderedChannel(),
            new RateBucket(
                properties.messageRate().capacity(), properties.messageRate().perSecond(), clock));
    connect.setUser(new DevicePrincipal(token.device()));
    if (connect.getSessionAttributes() != null) {
      connect.getSessionAttributes().put(AUTHENTICATED_ATTRIBUTE, Boolean.TRUE);
    }
    registry
        .register(session)
        .ifPresent(
            older ->
                end(
                    older,
                    DisconnectReason.DISCONNECT_REASON_CONNECTED_ELSEWHERE,
                    "connected_elsewhere",
                    "this device connected again elsewhere; this session is closed"));
    connectsAccepted.increment();
    log.debug("{} connected (epoch {})", session, claim.epoch());
    events.connected(session);
    listeners.opened(session);
    return true;
  }

  private void refuse(String sessionId, String code, String message, String reason) {
    refusals(code).increment();
    frames.end(sessionId, code, message, reason);
  }

  private static String bearer(StompHeaderAccessor connect) {
    String header = connect.getFirstNativeHeader("Authorization");
    if (header == null) {
      header = connect.getFirstNativeHeader("authorization");
    }
    if (header == null) {
      return null;
    }
    return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
  }

  /**
   * SEND /app/auth: a fresh token for the same device extends the session. Answers a refusal notice
   * code, or empty when accepted.
   */
  Optional<Notice> reauthenticate(EdgeSession session, String accessToken, String receiptId) {
    VerifiedAccessToken token;
    try {
      token = verifier.verifyToken(accessToken);
    } catch (InvalidAccessTokenException e) {
      return Optional.of(
          Notice.refusal(
              "reauth_refused",
              receiptId,
              e.getMessage(),
              java.util.Map.of("reason", e.reason().code())));
    } catch (TokenVerificationUnavailableException e) {
      return Optional.of(
          Notice.refusal("unavailable", receiptId, "the token cannot be checked now; retry"));
    }
    if (!token.device().equals(session.device())
        || !token.incarnation().equals(session.incarnation())) {
      return Optional.of(
          Notice.refusal(
              "reauth_refused",
              receiptId,
              "the token is for another device than this session's",
              java.util.Map.of("reason", "wrong_device")));
    }
    session.reauthenticated(token.issuedAt(), token.expiresAt());
    return Optional.empty();
  }

  /**
   * Ends a session: a STOMP ERROR with the code, then the socket closes. The disconnect event names
   * the reason.
   */
  public void end(EdgeSession session, DisconnectReason reason, String code, String message) {
    if (session.markEnding(reason, clock.instant())) {
      log.debug("ending {}: {}", session, code);
      frames.end(session, code, message);
    }
  }

  /** The socket closed (for any reason): forget the session, release its record, announce it. */
  @EventListener
  void onDisconnect(SessionDisconnectEvent closed) {
    registry
        .remove(closed.getSessionId())
        .ifPresent(
            session -> {
              DisconnectReason reason =
                  session.endReason() != null
                      ? session.endReason()
                      : DisconnectReason.DISCONNECT_REASON_CLIENT_CLOSED;
              try {
                connections.release(session.device(), session.id());
              } catch (RuntimeException e) {
                log.warn("{}: connection record not released: {}", session, e.toString());
              }
              log.debug("{} disconnected ({})", session, reason);
              events.disconnected(session, reason);
              listeners.closed(session);
            });
  }

  /** Closes sessions whose token expired without a re-authentication. */
  @Scheduled(fixedDelayString = "1s")
  void expireSessions() {
    Instant now = clock.instant();
    for (EdgeSession session : registry.all()) {
      if (session.endReason() == null && now.isAfter(session.expiresAt())) {
        end(
            session,
            DisconnectReason.DISCONNECT_REASON_TOKEN_EXPIRED,
            "token_expired",
            "the access token expired; connect again with a fresh one, or send one to /app/auth"
                + " before it expires");
      }
    }
  }

  /** Another session of the device claimed a higher epoch (on this node or another). */
  void connectedElsewhere(AuthenticatedDevice device, String sessionId, long epoch) {
    registry
        .byDevice(device)
        .filter(session -> !session.id().equals(sessionId) && session.epoch() < epoch)
        .ifPresent(
            session ->
                end(
                    session,
                    DisconnectReason.DISCONNECT_REASON_CONNECTED_ELSEWHERE,
                    "connected_elsewhere",
                    "this device connected again elsewhere; this session is closed"));
  }

  /** The device was unlinked (that incarnation), or its tokens revoked, or its account deleted. */
  void deviceRemoved(
      UUID accountId, int deviceId, String incarnation, Instant revokedBefore, String code) {
    registry
        .byDevice(new AuthenticatedDevice(accountId, deviceId))
        .filter(
            s ->
                incarnation == null || incarnation.isEmpty() || incarnation.equals(s.incarnation()))
        .filter(s -> revokedBefore == null || s.tokenIssuedAt().isBefore(revokedBefore))
        .ifPresent(
            session ->
                end(
                    session,
                    DisconnectReason.DISCONNECT_REASON_DEVICE_REMOVED,
                    code,
                    switch (code) {
                      case "tokens_revoked" -> "the device's tokens were revoked; sign in again";
                      case "account_deleted" -> "the account was deleted";
                      default -> "the device was removed from the account";
                    }));
  }

  /** Shutdown: refuse new sessions, ask every client to reconnect (to another node). */
  void drain() {
    draining = true;
    for (EdgeSession session : registry.all()) {
      end(
          session,
          DisconnectReason.DISCONNECT_REASON_NODE_SHUTDOWN,
          "server_shutdown",
          "this node is shutting down; connect again");
    }
  }

  boolean isDraining() {
    return draining;
  }

  /** The principal of a session: its device, named {@code <accountId>:<deviceId>}. */
  record DevicePrincipal(AuthenticatedDevice device) implements Principal {
    @Override
    public String getName() {
      return device.toString();
    }
  }
}
