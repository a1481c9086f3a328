package io.parley.signal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.signal.DuplicateMessageException;
import io.parley.signal.InvalidKeyException;
import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.InvalidMacException;
import io.parley.signal.InvalidMessageException;
import io.parley.signal.InvalidSignatureException;
import io.parley.signal.InvalidVersionException;
import io.parley.signal.NoSessionException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.TooManySkippedMessagesException;
import io.parley.signal.UntrustedIdentityException;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.protocol.CiphertextMessage;
import io.parley.signal.protocol.PreKeySignalMessage;
import io.parley.signal.protocol.SignalMessage;
import io.parley.signal.store.InMemorySignalProtocolStore;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.PreKeyRecord;
import io.parley.signal.store.SignedPreKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session behaviour between two of our devices, and every typed failure. */
class SessionCipherTest {

  private static final SignalProtocolAddress ALICE = new SignalProtocolAddress("alice", 1);
  private static final SignalProtocolAddress BOB = new SignalProtocolAddress("bob", 1);

  private final SecureRandom random = new SecureRandom();
  private final MutableClock clock = new MutableClock();
  private final InMemorySignalProtocolStore aliceStore = store();
  private final InMemorySignalProtocolStore bobStore = store();
  private final SessionCipher aliceCipher = new SessionCipher(aliceStore, BOB, clock, random);
  private final SessionCipher bobCipher = new SessionCipher(bobStore, ALICE, clock, random);

  private InMemorySignalProtocolStore store() {
    return new InMemorySignalProtocolStore(ECKeyPair.generate(random), 1 + random.nextInt(16380));
  }

  /** Bob publishes prekeys 1 (one-time), 2 (signed) and, if pq, 3 (Kyber). */
  private PreKeyBundle bobBundle(boolean pq, boolean lastResortKyber) {
    PreKeyRecord preKey = PreKeyRecord.generate(1, random);
    SignedPreKeyRecord signed =
        SignedPreKeyRecord.generate(2, bobStore.identityKeyPair(), clock, random);
    bobStore.storePreKey(1, preKey);
    bobStore.storeSignedPreKey(2, signed);
    KyberPreKeyRecord kyber = null;
    if (pq) {
      kyber =
          KyberPreKeyRecord.generate(3, lastResortKyber, bobStore.identityKeyPair(), clock, random);
      bobStore.storeKyberPreKey(3, kyber);
    }
    return new PreKeyBundle(
        bobStore.localRegistrationId(),
        1,
        1,
        preKey.keyPair().publicKey(),
        2,
        signed.keyPair().publicKey(),
        signed.signature(),
        bobStore.identityKeyPair().publicKey(),
        pq ? 3 : null,
        pq ? kyber.keyPair().publicKey() : null,
        pq ? kyber.signature() : null);
  }

  private void aliceStartsSession(boolean pq) throws Exception {
    new SessionBuilder(aliceStore, BOB, clock, random).process(bobBundle(pq, false));
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void startsX3dhSessionsWithVersion3AndPqxdhSessionsWithVersion4() throws Exception {
    aliceStartsSession(false);
    CiphertextMessage x3dh = aliceCipher.encrypt(text("hi"));
    assertThat(x3dh).isInstanceOf(PreKeySignalMessage.class);
    assertThat(((PreKeySignalMessage) x3dh).version()).isEqualTo(3);
    assertThat(((PreKeySignalMessage) x3dh).kyberPreKeyId()).isNull();
    assertThat(bobCipher.decrypt((PreKeySignalMessage) x3dh)).isEqualTo(text("hi"));
    assertThat(bobStore.loadSession(ALICE).sessionVersion()).isEqualTo(3);

    aliceStartsSession(true);
    CiphertextMessage pqxdh = aliceCipher.encrypt(text("hi again"));
    assertThat(((PreKeySignalMessage) pqxdh).version()).isEqualTo(4);
    assertThat(((PreKeySignalMessage) pqxdh).kyberCiphertext()).hasSize(1569);
    assertThat(bobCipher.decrypt((PreKeySignalMessage) pqxdh)).isEqualTo(text("hi again"));
    assertThat(bobStore.loadSession(ALICE).sessionVersion()).isEqualTo(4);
  }

  @Test
  void sendsPreKeyMessagesUntilThePeerAnswersThenSignalMessages() throws Exception {
    aliceStartsSession(false);
    CiphertextMessage first = aliceCipher.encrypt(text("1"));
    CiphertextMessage second = aliceCipher.encrypt(text("2"));
    assertThat(first.type()).isEqualTo(CiphertextMessage.PREKEY_TYPE);
    assertThat(second.type()).isEqualTo(CiphertextMessage.PREKEY_TYPE);
    // the second arrives first: Bob builds the session from it, then finds it for the first
    assertThat(bobCipher.decrypt(CiphertextMessage.PREKEY_TYPE, second.serialize()))
        .isEqualTo(text("2"));
    assertThat(bobCipher.decrypt(CiphertextMessage.PREKEY_TYPE, first.serialize()))
        .isEqualTo(text("1"));

    CiphertextMessage reply = bobCipher.encrypt(text("3"));
    assertThat(reply.type()).isEqualTo(CiphertextMessage.WHISPER_TYPE);
    assertThat(aliceCipher.decrypt(CiphertextMessage.WHISPER_TYPE, reply.serialize()))
        .isEqualTo(text("3"));
    assertThat(aliceCipher.encrypt(text("4")).type()).isEqualTo(CiphertextMessage.WHISPER_TYPE);
  }

  @Test
  void usesUpTheOneTimePrekeyAndOneTimeKyberPrekeyButKeepsTheLastResortOne() throws Exception {
    new SessionBuilder(aliceStore, BOB, clock, random).process(bobBundle(true, false));
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("x")));
    assertThat(bobStore.containsPreKey(1)).isFalse();
    assertThat(bobStore.containsKyberPreKey(3)).isFalse();
    assertThat(bobStore.containsSignedPreKey(2)).isTrue();

    new SessionBuilder(aliceStore, BOB, clock, random).process(bobBundle(true, true));
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("y")));
    assertThat(bobStore.containsKyberPreKey(3)).isTrue();
  }

  @Test
  void refusesAnAlteredMessageWithInvalidMacAndStaysUsable() throws Exception {
    aliceStartsSession(false);
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("hello")));
    byte[] reply = bobCipher.encrypt(text("secret")).serialize();
    byte[] tampered = reply.clone();
    tampered[tampered.length - 12] ^= 0x01; // inside the ciphertext, before the MAC

    assertThatThrownBy(() -> aliceCipher.decrypt(CiphertextMessage.WHISPER_TYPE, tampered))
        .isInstanceOf(InvalidMacException.class)
        .hasMessageNotContaining("secret");
    assertThat(aliceCipher.decrypt(CiphertextMessage.WHISPER_TYPE, reply))
        .isEqualTo(text("secret"));
  }

  @Test
  void refusesAReplayedMessageAsDuplicate() throws Exception {
    aliceStartsSession(false);
    PreKeySignalMessage first = (PreKeySignalMessage) aliceCipher.encrypt(text("once"));
    bobCipher.decrypt(first);
    assertThatThrownBy(() -> bobCipher.decrypt(first))
        .isInstanceOf(DuplicateMessageException.class);

    SignalMessage reply = (SignalMessage) bobCipher.encrypt(text("twice?"));
    aliceCipher.decrypt(reply);
    assertThatThrownBy(() -> aliceCipher.decrypt(reply))
        .isInstanceOf(DuplicateMessageException.class);
  }

  @Test
  void refusesWithoutASessionAsNoSession() throws Exception {
    assertThatThrownBy(() -> aliceCipher.encrypt(text("to nobody")))
        .isInstanceOf(NoSessionException.class);

    aliceStartsSession(false);
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("hello")));
    SignalMessage reply = (SignalMessage) bobCipher.encrypt(text("hi"));
    InMemorySignalProtocolStore strangerStore = store();
    SessionCipher stranger = new SessionCipher(strangerStore, BOB, clock, random);
    assertThatThrownBy(() -> stranger.decrypt(reply)).isInstanceOf(NoSessionException.class);
  }

  @Test
  void refusesAMessageTooFarAheadAndKeepsTheChainWhereItWas() throws Exception {
    aliceStartsSession(false);
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("hello")));
    SignalMessage real = (SignalMessage) bobCipher.encrypt(text("real"));
    byte[] macKey = new byte[32];
    SignalMessage farAhead =
        SignalMessage.create(
            3,
            macKey,
            real.ratchetKey(),
            SessionCipher.MAX_FORWARD_JUMPS + 1,
            0,
            real.ciphertext(),
            bobStore.identityKeyPair().publicKey(),
            aliceStore.identityKeyPair().publicKey());

    assertThatThrownBy(() -> aliceCipher.decrypt(farAhead))
        .isInstanceOf(TooManySkippedMessagesException.class);
    assertThat(aliceCipher.decrypt(real)).isEqualTo(text("real"));
  }

  @Test
  void keepsAtMost2000SkippedKeysPerChainDroppingTheOldest() throws Exception {
    aliceStartsSession(false);
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("hello")));
    List<SignalMessage> sent = new ArrayList<>();
    for (int i = 0; i < 2101; i++) {
      sent.add((SignalMessage) bobCipher.encrypt(text("m" + i)));
    }
    assertThat(aliceCipher.decrypt(sent.get(2100))).isEqualTo(text("m2100"));
    // keys 100..2099 were kept, 0..99 dropped
    assertThat(aliceCipher.decrypt(sent.get(100))).isEqualTo(text("m100"));
    assertThat(aliceCipher.decrypt(sent.get(2099))).isEqualTo(text("m2099"));
    assertThatThrownBy(() -> aliceCipher.decrypt(sent.get(99)))
        .isInstanceOf(DuplicateMessageException.class);
  }

  @Test
  void detectsAChangedIdentityUntilTheApplicationAcceptsIt() throws Exception {
    aliceStartsSession(false);
    bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(text("hello")));
    ECPublicKey bobsNewIdentity = ECKeyPair.generate(random).publicKey();

    assertThat(aliceStore.saveIdentity(BOB, bobsNewIdentity)).as("replaced").isTrue();
    assertThatThrownBy(() -> aliceCipher.encrypt(text("to the old key")))
        .isInstanceOf(UntrustedIdentityException.class);

    assertThat(aliceStore.saveIdentity(BOB, bobStore.identityKeyPair().publicKey())).isTrue();
    assertThat(aliceCipher.encrypt(text("trusted again"))).isNotNull();
  }

  @Test
  void refusesAPreKeyMessageNamingAnUnknownPrekey() throws Exception {
    aliceStartsSession(false);
    PreKeySignalMessage first = (PreKeySignalMessage) aliceCipher.encrypt(text("hello"));
    bobStore.removeSignedPreKey(2);
    assertThatThrownBy(() -> bobCipher.decrypt(first))
        .isInstanceOf(InvalidKeyIdException.class)
        .hasMessageContaining("signed prekey with id 2");
    assertThat(bobStore.containsSession(ALICE)).isFalse();
  }

  @Test
  void refusesABundleWithABadSignatureOrAnotherIdentitysSignature() throws Exception {
    PreKeyBundle good = bobBundle(true, false);
    byte[] badSignature = good.signedPreKeySignature();
    badSignature[5] ^= 1;
    PreKeyBundle tampered =
        new PreKeyBundle(
            good.registrationId(),
            1,
            good.preKeyId(),
            good.preKey(),
            good.signedPreKeyId(),
            good.signedPreKey(),
            badSignature,
            good.identityKey(),
            good.kyberPreKeyId(),
            good.kyberPreKey(),
            good.kyberPreKeySignature());
    assertThatThrownBy(() -> new SessionBuilder(aliceStore, BOB).process(tampered))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("signed prekey");

    PreKeyBundle wrongKyberSigner =
        new PreKeyBundle(
            good.registrationId(),
            1,
            good.preKeyId(),
            good.preKey(),
            good.signedPreKeyId(),
            good.signedPreKey(),
            good.signedPreKeySignature(),
            good.identityKey(),
            good.kyberPreKeyId(),
            good.kyberPreKey(),
            ECKeyPair.generate(random).sign(good.kyberPreKey().serialize(), random));
    assertThatThrownBy(() -> new SessionBuilder(aliceStore, BOB).process(wrongKyberSigner))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("Kyber");
    assertThat(aliceStore.containsSession(BOB)).isFalse();
  }

  @Test
  void refusesMalformedAndLegacyMessagesWithTypedExceptions() throws Exception {
    assertThatThrownBy(() -> bobCipher.decrypt(CiphertextMessage.WHISPER_TYPE, new byte[] {0x33}))
        .isInstanceOf(InvalidMessageException.class);
    assertThatThrownBy(
            () -> bobCipher.decrypt(CiphertextMessage.PREKEY_TYPE, new byte[] {0x33, (byte) 0xFF}))
        .isInstanceOf(InvalidMessageException.class);
    byte[] legacy = new byte[20];
    legacy[0] = 0x22;
    assertThatThrownBy(() -> bobCipher.decrypt(CiphertextMessage.WHISPER_TYPE, legacy))
        .isInstanceOf(InvalidVersionException.class);
    byte[] future = legacy.clone();
    future[0] = 0x55;
    assertThatThrownBy(() -> bobCipher.decrypt(CiphertextMessage.PREKEY_TYPE, future))
        .isInstanceOf(InvalidVersionException.class);
    assertThatThrownBy(() -> ECPublicKey.deserialize(new byte[] {0x06, 1, 2}))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void abandonsAHandshakeTheyNeverAnsweredAfterThirtyDays() throws Exception {
    aliceStartsSession(false);
    aliceCipher.encrypt(text("anyone?"));
    clock.advance(SessionCipher.MAX_UNACKNOWLEDGED_SESSION_AGE.plusMinutes(1));
    assertThatThrownBy(() -> aliceCipher.encrypt(text("still there?")))
        .isInstanceOf(NoSessionException.class)
        .hasMessageContaining("stale");
  }

  @Test
  void decryptsLateMessagesOfAnArchivedSessionAfterBothSidesStartedOne() throws Exception {
    // both start at once: each has two sessions, the other's becomes current on receipt
    aliceStartsSession(false);
    PreKeySignalMessage fromAlice = (PreKeySignalMessage) aliceCipher.encrypt(text("a1"));
    PreKeyRecord aliceOneTime = PreKeyRecord.generate(7, random);
    SignedPreKeyRecord aliceSigned =
        SignedPreKeyRecord.generate(8, aliceStore.identityKeyPair(), clock, random);
    aliceStore.storePreKey(7, aliceOneTime);
    aliceStore.storeSignedPreKey(8, aliceSigned);
    new SessionBuilder(bobStore, ALICE, clock, random)
        .process(
            PreKeyBundle.withoutKyber(
                aliceStore.localRegistrationId(),
                1,
                7,
                aliceOneTime.keyPair().publicKey(),
                8,
                aliceSigned.keyPair().publicKey(),
                aliceSigned.signature(),
                aliceStore.identityKeyPair().publicKey()));
    PreKeySignalMessage fromBob = (PreKeySignalMessage) bobCipher.encrypt(text("b1"));

    assertThat(bobCipher.decrypt(fromAlice)).isEqualTo(text("a1"));
    assertThat(aliceCipher.decrypt(fromBob)).isEqualTo(text("b1"));
    // each side's current session is now the one the other started; they converge on one
    for (int i = 0; i < 6; i++) {
      CiphertextMessage a = aliceCipher.encrypt(text("a" + i));
      assertThat(bobCipher.decrypt(a.type(), a.serialize())).isEqualTo(text("a" + i));
      CiphertextMessage b = bobCipher.encrypt(text("b" + i));
      assertThat(aliceCipher.decrypt(b.type(), b.serialize())).isEqualTo(text("b" + i));
    }
    assertThat(bobStore.loadSession(ALICE).previous).isNotEmpty();
  }

  @Test
  void keepsSecretsOutOfToString() throws Exception {
    aliceStartsSession(true);
    assertThat(aliceStore.identityKeyPair().privateKey().toString()).contains("redacted");
    assertThat(aliceStore.loadSession(BOB).toString()).contains("redacted");
    assertThat(aliceCipher.encrypt(text("secret words")).toString()).doesNotContain("secret");
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-27T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
