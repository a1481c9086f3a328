package io.parley.edge.session;

import java.util.Map;

/** The destinations a client may SUBSCRIBE to: its own device's queues. */
public final class Destinations {

  /** Envelopes from the device's mailbox; {@code ack: client-individual} required. */
  public static final String MESSAGES = "/user/queue/messages";

  /** Server notices and per-frame refusals. */
  public static final String EVENTS = ClientFrames.EVENTS;

  /** Presence changes of watched accounts. */
  public static final String PRESENCE = "/user/queue/presence";

  /** Each subscribable destination and the ack mode it requires ("": any). */
  static final Map<String, String> SUBSCRIBABLE =
      Map.of(MESSAGES, "client-individual", EVENTS, "", PRESENCE, "");

  private Destinations() {}
}
