package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.signal.DuplicateMessageException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.protocol.CiphertextMessage;
import io.parley.signal.session.PreKeyBundle;
import io.parley.signal.session.SessionBuilder;
import io.parley.signal.session.SessionCipher;
import io.parley.signal.store.InMemorySignalProtocolStore;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.PreKeyRecord;
import io.parley.signal.store.SignedPreKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A decryption whose result was not kept (a crash before the journal write) can be done again. */
class StagedStoreTest {

  private final SecureRandom random = new SecureRandom();
  private final InMemorySignalProtocolStore alice =
      new InMemorySignalProtocolStore(io.parley.signal.keys.ECKeyPair.generate(random), 1);
  private final InMemorySignalProtocolStore bob =
      new InMemorySignalProtocolStore(io.parley.signal.keys.ECKeyPair.generate(random), 2);
  private final SignalProtocolAddress aliceAddress = new SignalProtocolAddress("alice", 1);
  private final SignalProtocolAddress bobAddress = new SignalProtocolAddress("bob", 1);

  private CiphertextMessage firstMessage() throws Exception {
    SignedPreKeyRecord signed =
        SignedPreKeyRecord.generate(7, bob.identityKeyPair(), Clock.systemUTC(), random);
    PreKeyRecord one = PreKeyRecord.generate(8, random);
    KyberPreKeyRecord kyber =
        KyberPreKeyRecord.generate(9, false, bob.identityKeyPair(), Clock.systemUTC(), random);
    bob.storeSignedPreKey(7, signed);
    bob.storePreKey(8, one);
    bob.storeKyberPreKey(9, kyber);
    new SessionBuilder(alice, bobAddress)
        .process(
            new PreKeyBundle(
                2,
                1,
                8,
                one.keyPair().publicKey(),
                7,
                signed.keyPair().publicKey(),
                signed.signature(),
                bob.identityKeyPair().publicKey(),
                9,
                kyber.keyPair().publicKey(),
                kyber.signature()));
    return new SessionCipher(alice, bobAddress).encrypt("Hi".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void nothingReachesTheStoreBeforeCommit() throws Exception {
    CiphertextMessage message = firstMessage();

    StagedStore lost = new StagedStore(bob);
    assertThat(new SessionCipher(lost, aliceAddress).decrypt(message.type(), message.serialize()))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("Hi");
    assertThat(bob.containsSession(aliceAddress)).isFalse();
    assertThat(bob.containsPreKey(8)).isTrue();

    StagedStore kept = new StagedStore(bob);
    assertThat(new SessionCipher(kept, aliceAddress).decrypt(message.type(), message.serialize()))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("Hi");
    kept.commit();
    assertThat(bob.containsSession(aliceAddress)).isTrue();
    assertThat(bob.containsPreKey(8)).isFalse();
    assertThat(bob.containsKyberPreKey(9)).isFalse();
    assertThat(bob.identity(aliceAddress)).isEqualTo(alice.identityKeyPair().publicKey());

    assertThatThrownBy(
            () ->
                new SessionCipher(new StagedStore(bob), aliceAddress)
                    .decrypt(message.type(), message.serialize()))
        .isInstanceOf(DuplicateMessageException.class);
  }
}
