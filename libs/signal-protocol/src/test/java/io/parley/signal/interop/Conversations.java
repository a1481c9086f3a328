package io.parley.signal.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.signal.protocol.CiphertextMessage;
import io.parley.signal.protocol.PreKeySignalMessage;
import io.parley.signal.protocol.SignalMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The conversations every pair of implementations must get through. Each message carries its number
 * and random bytes of random length (up to 1 KB), and every delivered message must decrypt to
 * exactly what was sent.
 */
final class Conversations {

  private Conversations() {}

  /** {@code initiator} fetches {@code responder}'s bundle and starts the session. */
  static void start(Peer initiator, Peer responder, boolean pq) throws Exception {
    initiator.startSession(responder.bundle(pq));
  }

  /** Strict alternation: every message answers the previous one, so every one ratchets. */
  static void alternating(Peer initiator, Peer responder, boolean pq, int messages)
      throws Exception {
    start(initiator, responder, pq);
    Random random = new Random(1);
    Peer sender = initiator;
    Peer receiver = responder;
    for (int i = 0; i < messages; i++) {
      send(sender, receiver, payload(sender, i, random), i, pq);
      Peer swap = sender;
      sender = receiver;
      receiver = swap;
    }
  }

  /** Runs of 1 to 60 messages from one side before the other answers. */
  static void oneSidedRuns(Peer initiator, Peer responder, boolean pq, int messages, long seed)
      throws Exception {
    start(initiator, responder, pq);
    Random random = new Random(seed);
    Peer sender = initiator;
    Peer receiver = responder;
    int sent = 0;
    while (sent < messages) {
      int run = Math.min(1 + random.nextInt(60), messages - sent);
      for (int i = 0; i < run; i++) {
        send(sender, receiver, payload(sender, sent, random), sent, pq);
        sent++;
      }
      Peer swap = sender;
      sender = receiver;
      receiver = swap;
    }
  }

  /**
   * Bursts from alternating sides, each delivered shuffled, about 10% never delivered, and about 5%
   * held back and delivered only after the other side has answered (so from an older chain).
   */
  static void outOfOrderWithDrops(
      Peer initiator, Peer responder, boolean pq, int messages, long seed) throws Exception {
    start(initiator, responder, pq);
    Random random = new Random(seed);
    Peer sender = initiator;
    Peer receiver = responder;
    java.util.Map<Peer, List<Pending>> heldBack = new java.util.IdentityHashMap<>();
    int sent = 0;
    int dropped = 0;
    int late = 0;
    while (sent < messages) {
      int burst = Math.min(1 + random.nextInt(40), messages - sent);
      List<Pending> deliveries = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        byte[] plaintext = payload(sender, sent, random);
        deliveries.add(new Pending(sender.encrypt(plaintext), plaintext, sent));
        sent++;
      }
      Collections.shuffle(deliveries, random);
      // the receiver must get at least one message to be able to answer
      Pending guaranteed = deliveries.remove(deliveries.size() - 1);
      List<Pending> now = new ArrayList<>();
      now.add(guaranteed);
      List<Pending> later = new ArrayList<>();
      for (Pending pending : deliveries) {
        double roll = random.nextDouble();
        if (roll < 0.10) {
          dropped++;
        } else if (roll < 0.15) {
          later.add(pending);
        } else {
          now.add(pending);
        }
      }
      Collections.shuffle(now, random);
      for (Pending pending : now) {
        receive(receiver, pending, pq);
      }
      // messages held back in the receiver's previous turn arrive now, from an older chain
      for (Pending pending : heldBack.getOrDefault(receiver, List.of())) {
        receive(receiver, pending, pq);
        late++;
      }
      heldBack.put(receiver, later);
      Peer swap = sender;
      sender = receiver;
      receiver = swap;
    }
    assertThat(dropped).as("messages dropped").isPositive();
    assertThat(late).as("messages delivered late").isPositive();
  }

  /**
   * The responder reinstalls (new identity key): the initiator must refuse its new bundle, and a
   * session the reinstalled device starts must be refused too.
   */
  static void identityChangeIsDetected(Peer initiator, Peer responder, boolean pq)
      throws Exception {
    start(initiator, responder, pq);
    Random random = new Random(3);
    send(initiator, responder, payload(initiator, 0, random), 0, pq);
    send(responder, initiator, payload(responder, 1, random), 1, pq);

    responder.reinstall();
    Peer.Bundle changed = responder.bundle(pq);
    assertThatThrownBy(() -> initiator.startSession(changed))
        .as("%s starting a session with %s's new identity", initiator.name(), responder.name())
        .isInstanceOf(Exception.class)
        .satisfies(e -> assertThat(initiator.isUntrustedIdentity((Exception) e)).isTrue());

    responder.startSession(initiator.bundle(pq));
    Peer.Wire fromNewIdentity = responder.encrypt("hello from a new identity".getBytes());
    assertThatThrownBy(() -> initiator.decrypt(fromNewIdentity))
        .as("%s receiving from %s's new identity", initiator.name(), responder.name())
        .isInstanceOf(Exception.class)
        .satisfies(e -> assertThat(initiator.isUntrustedIdentity((Exception) e)).isTrue());
  }

  private record Pending(Peer.Wire wire, byte[] plaintext, int number) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Pending that && number == that.number;
    }

    @Override
    public int hashCode() {
      return number;
    }

    @Override
    public String toString() {
      return "message " + number;
    }
  }

  private static void receive(Peer receiver, Pending pending, boolean pq) throws Exception {
    assertThat(version(pending.wire()))
        .as("message version of message %d", pending.number())
        .isEqualTo(pq ? CiphertextMessage.VERSION_PQXDH : CiphertextMessage.VERSION_X3DH);
    byte[] decrypted;
    try {
      decrypted = receiver.decrypt(pending.wire());
    } catch (Exception e) {
      throw new AssertionError(
          receiver.name() + " could not decrypt message " + pending.number() + ": " + e, e);
    }
    assertThat(decrypted)
        .as("message %d at %s", pending.number(), receiver.name())
        .isEqualTo(pending.plaintext());
  }

  static void send(Peer sender, Peer receiver, byte[] plaintext, int number, boolean pq)
      throws Exception {
    receive(receiver, new Pending(sender.encrypt(plaintext), plaintext, number), pq);
  }

  /** The version a message declares, read with our parser. */
  private static int version(Peer.Wire wire) throws Exception {
    return wire.type() == CiphertextMessage.PREKEY_TYPE
        ? PreKeySignalMessage.parse(wire.body()).version()
        : SignalMessage.parse(wire.body()).version();
  }

  static byte[] payload(Peer sender, int number, Random random) {
    byte[] header = (sender.name() + " #" + number + " ").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[number % 50 == 0 ? 1024 : random.nextInt(300)];
    random.nextBytes(body);
    byte[] payload = Arrays.copyOf(header, header.length + body.length);
    System.arraycopy(body, 0, payload, header.length, body.length);
    return payload;
  }
}
