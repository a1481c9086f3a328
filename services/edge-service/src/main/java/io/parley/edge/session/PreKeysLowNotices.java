package io.parley.edge.session;

import io.parley.contracts.events.v1.PreKeysLow;
import io.parley.security.AuthenticatedDevice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Relays key-distribution's {@code PreKeysLow} to the device's session on this node as a {@code
 * prekeys_low} notice. Every node reads the event; only the one holding the device's session
 * writes. A device with no session anywhere gets nothing: clients check {@code GET /v1/keys/count}
 * at every connect, so nothing is lost.
 */
@Component
class PreKeysLowNotices {

  static final String CODE = "prekeys_low";

  private static final Logger log = LoggerFactory.getLogger(PreKeysLowNotices.class);

  private final SessionRegistry registry;
  private final ClientFrames frames;

  PreKeysLowNotices(SessionRegistry registry, ClientFrames frames) {
    this.registry = registry;
    this.frames = frames;
  }

  void preKeysLow(PreKeysLow event) {
    AuthenticatedDevice device =
        new AuthenticatedDevice(
            UUID.fromString(event.getDevice().getAccountId()), event.getDevice().getDeviceId());
    registry
        .byDevice(device)
        .filter(session -> session.endReason() == null)
        .ifPresent(
            session -> {
              log.debug("{}: one-time prekeys low", session);
              frames.notice(session, notice(event));
            });
  }

  /**
   * The details use the names of {@code GET /v1/keys/count}'s answer, which clients already read.
   */
  static Notice notice(PreKeysLow event) {
    Map<String, Long> details = new LinkedHashMap<>();
    details.put("count", Integer.toUnsignedLong(event.getEcPreKeysRemaining()));
    details.put("pqCount", Integer.toUnsignedLong(event.getKyberPreKeysRemaining()));
    return new Notice(
        CODE,
        null,
        "this device is running out of one-time prekeys; upload more with PUT /v1/keys",
        details);
  }
}
