package io.parley.edge.session;

import io.parley.contracts.events.v1.DisconnectReason;
import io.parley.security.AuthenticatedDevice;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.messaging.MessageChannel;

/**
 * One authenticated STOMP session: the device it speaks for, until when its token lets it, and what
 * it subscribed to. Kept small: an edge node holds tens of thousands of these.
 */
public final class EdgeSession {

  private final String id;
  private final AuthenticatedDevice device;
  private final String incarnation;
  private final long epoch;
  private final Instant connectedAt;
  private final MessageChannel outbound;
  private final RateBucket messageRate;
  private final ConcurrentHashMap<String, String> subscriptionIds = new ConcurrentHashMap<>(4);
  private volatile Instant tokenIssuedAt;
  private volatile Instant expiresAt;
  private volatile DisconnectReason endReason;
  private volatile Instant endRequestedAt;

  EdgeSession(
      String id,
      AuthenticatedDevice device,
      String incarnation,
      long epoch,
      Instant connectedAt,
      Instant tokenIssuedAt,
      Instant expiresAt,
      MessageChannel outbound,
      RateBucket messageRate) {
    this.id = id;
    this.device = device;
    this.incarnation = incarnation;
    this.epoch = epoch;
    this.connectedAt = connectedAt;
    this.tokenIssuedAt = tokenIssuedAt;
    this.expiresAt = expiresAt;
    this.outbound = outbound;
    this.messageRate = messageRate;
  }

  /** The WebSocket/STOMP session id, unique on this node. */
  public String id() {
    return id;
  }

  public AuthenticatedDevice device() {
    return device;
  }

  public String incarnation() {
    return incarnation;
  }

  /** The connection epoch claimed on CONNECT: of two sessions of a device, the higher one lives. */
  public long epoch() {
    return epoch;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public Instant tokenIssuedAt() {
    return tokenIssuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** A fresh token for the same device extends the session (SEND /app/auth). */
  void reauthenticated(Instant issuedAt, Instant newExpiry) {
    this.tokenIssuedAt = issuedAt;
    this.expiresAt = newExpiry;
  }

  /** Frames the edge sends this session itself, in order (receipts, notices, ERROR). */
  MessageChannel outbound() {
    return outbound;
  }

  public RateBucket messageRate() {
    return messageRate;
  }

  /** The subscription id the client chose for a destination, or null if not subscribed. */
  public String subscriptionId(String destination) {
    return subscriptionIds.get(destination);
  }

  /** Records a subscription; false if the destination already had one. */
  boolean subscribe(String destination, String subscriptionId) {
    return subscriptionIds.putIfAbsent(destination, subscriptionId) == null;
  }

  /** Drops the subscription with that id; the destination it had, or null. */
  String unsubscribe(String subscriptionId) {
    for (var entry : subscriptionIds.entrySet()) {
      if (entry.getValue().equals(subscriptionId)) {
        subscriptionIds.remove(entry.getKey(), subscriptionId);
        return entry.getKey();
      }
    }
    return null;
  }

  /** Marks the session as ending for a reason; false if it was already ending. */
  synchronized boolean markEnding(DisconnectReason reason, Instant now) {
    if (endReason != null) {
      return false;
    }
    endReason = reason;
    endRequestedAt = now;
    return true;
  }

  /** Why the edge ended the session, or null if it did not (the client left). */
  public DisconnectReason endReason() {
    return endReason;
  }

  Instant endRequestedAt() {
    return endRequestedAt;
  }

  @Override
  public String toString() {
    return "session " + id + " of device " + device;
  }
}
