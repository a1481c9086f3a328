package io.parley.signal.benchmark;

import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.protocol.PreKeySignalMessage;
import io.parley.signal.protocol.SignalMessage;
import io.parley.signal.session.PreKeyBundle;
import io.parley.signal.session.SessionBuilder;
import io.parley.signal.session.SessionCipher;
import io.parley.signal.store.InMemorySignalProtocolStore;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.PreKeyRecord;
import io.parley.signal.store.SignedPreKeyRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.whispersystems.libsignal.IdentityKey;
import org.whispersystems.libsignal.util.KeyHelper;

/**
 * Our library beside signal-protocol-java 2.8.1 in the same JVM and run, both with their in-memory
 * stores (which both keep sessions serialized):
 *
 * <ul>
 *   <li>{@code *Encrypt1k}: Alice encrypts 1 KB on an established session;
 *   <li>{@code *Decrypt1k}: Bob decrypts 1 KB (encrypted before each call, untimed);
 *   <li>{@code *EncryptDecrypt1k}: Alice encrypts 1 KB and Bob decrypts it;
 *   <li>{@code *SessionSetup}: Alice verifies Bob's bundle and starts a session, encrypts a first
 *       message, and Bob builds his side from that PreKeySignalMessage and decrypts it.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionBenchmark {

  private static final byte[] KILOBYTE = new byte[1024];

  /** Two of our devices with a session. */
  @State(Scope.Thread)
  public static class Parley {
    final SecureRandom random = new SecureRandom();
    final SignalProtocolAddress aliceAddress = new SignalProtocolAddress("alice", 1);
    final SignalProtocolAddress bobAddress = new SignalProtocolAddress("bob", 1);
    InMemorySignalProtocolStore alice;
    InMemorySignalProtocolStore bob;
    SessionCipher aliceCipher;
    SessionCipher bobCipher;
    PreKeyRecord preKey;
    SignedPreKeyRecord signedPreKey;
    KyberPreKeyRecord kyberPreKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      alice = new InMemorySignalProtocolStore(ECKeyPair.generate(random), 1);
      bob = new InMemorySignalProtocolStore(ECKeyPair.generate(random), 2);
      preKey = PreKeyRecord.generate(1, random);
      signedPreKey =
          SignedPreKeyRecord.generate(2, bob.identityKeyPair(), Clock.systemUTC(), random);
      kyberPreKey =
          KyberPreKeyRecord.generate(3, true, bob.identityKeyPair(), Clock.systemUTC(), random);
      bob.storeSignedPreKey(2, signedPreKey);
      bob.storeKyberPreKey(3, kyberPreKey);
      aliceCipher = new SessionCipher(alice, bobAddress);
      bobCipher = new SessionCipher(bob, aliceAddress);
      setUpSession(false);
      bobCipher.decrypt((PreKeySignalMessage) aliceCipher.encrypt(KILOBYTE));
      aliceCipher.decrypt((SignalMessage) bobCipher.encrypt(KILOBYTE));
    }

    void setUpSession(boolean pq) throws Exception {
      bob.storePreKey(1, preKey);
      new SessionBuilder(alice, bobAddress)
          .process(
              new PreKeyBundle(
                  2,
                  1,
                  1,
                  preKey.keyPair().publicKey(),
                  2,
                  signedPreKey.keyPair().publicKey(),
                  signedPreKey.signature(),
                  bob.identityKeyPair().publicKey(),
                  pq ? 3 : null,
                  pq ? kyberPreKey.keyPair().publicKey() : null,
                  pq ? kyberPreKey.signature() : null));
    }
  }

  /** Two signal-protocol-java 2.8.1 devices with a session. */
  @State(Scope.Thread)
  public static class SignalProtocolJava {
    final org.whispersystems.libsignal.SignalProtocolAddress aliceAddress =
        new org.whispersystems.libsignal.SignalProtocolAddress("alice", 1);
    final org.whispersystems.libsignal.SignalProtocolAddress bobAddress =
        new org.whispersystems.libsignal.SignalProtocolAddress("bob", 1);
    org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore alice;
    org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore bob;
    org.whispersystems.libsignal.SessionCipher aliceCipher;
    org.whispersystems.libsignal.SessionCipher bobCipher;
    org.whispersystems.libsignal.state.PreKeyRecord preKey;
    org.whispersystems.libsignal.state.SignedPreKeyRecord signedPreKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      alice =
          new org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore(
              KeyHelper.generateIdentityKeyPair(), 1);
      bob =
          new org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore(
              KeyHelper.generateIdentityKeyPair(), 2);
      preKey = KeyHelper.generatePreKeys(1, 1).get(0);
      signedPreKey = KeyHelper.generateSignedPreKey(bob.getIdentityKeyPair(), 2);
      bob.storeSignedPreKey(2, signedPreKey);
      aliceCipher = new org.whispersystems.libsignal.SessionCipher(alice, bobAddress);
      bobCipher = new org.whispersystems.libsignal.SessionCipher(bob, aliceAddress);
      setUpSession();
      bobCipher.decrypt(
          new org.whispersystems.libsignal.protocol.PreKeySignalMessage(
              aliceCipher.encrypt(KILOBYTE).serialize()));
      aliceCipher.decrypt(
          new org.whispersystems.libsignal.protocol.SignalMessage(
              bobCipher.encrypt(KILOBYTE).serialize()));
    }

    void setUpSession() throws Exception {
      bob.storePreKey(1, preKey);
      new org.whispersystems.libsignal.SessionBuilder(alice, bobAddress)
          .process(
              new org.whispersystems.libsignal.state.PreKeyBundle(
                  2,
                  1,
                  1,
                  preKey.getKeyPair().getPublicKey(),
                  2,
                  signedPreKey.getKeyPair().getPublicKey(),
                  signedPreKey.getSignature(),
                  new IdentityKey(bob.getIdentityKeyPair().getPublicKey().serialize(), 0)));
    }
  }

  @Benchmark
  public byte[] parleyEncrypt1k(Parley s) throws Exception {
    return s.aliceCipher.encrypt(KILOBYTE).serialize();
  }

  @Benchmark
  public byte[] parleyEncryptDecrypt1k(Parley s) throws Exception {
    return s.bobCipher.decrypt((SignalMessage) s.aliceCipher.encrypt(KILOBYTE));
  }

  /** A session whose next message from Alice is encrypted before each invocation, untimed. */
  @State(Scope.Thread)
  public static class ParleyWithMessage extends Parley {
    SignalMessage message;

    @Setup(Level.Invocation)
    public void encryptNext() throws Exception {
      message = (SignalMessage) aliceCipher.encrypt(KILOBYTE);
    }
  }

  @Benchmark
  public byte[] parleyDecrypt1k(ParleyWithMessage s) throws Exception {
    return s.bobCipher.decrypt(s.message);
  }

  @Benchmark
  public byte[] parleySessionSetupX3dh(Parley s) throws Exception {
    s.setUpSession(false);
    return s.bobCipher.decrypt((PreKeySignalMessage) s.aliceCipher.encrypt(KILOBYTE));
  }

  @Benchmark
  public byte[] parleySessionSetupPqxdh(Parley s) throws Exception {
    s.setUpSession(true);
    return s.bobCipher.decrypt((PreKeySignalMessage) s.aliceCipher.encrypt(KILOBYTE));
  }

  @Benchmark
  public byte[] signalProtocolJavaEncrypt1k(SignalProtocolJava s) throws Exception {
    return s.aliceCipher.encrypt(KILOBYTE).serialize();
  }

  @Benchmark
  public byte[] signalProtocolJavaEncryptDecrypt1k(SignalProtocolJava s) throws Exception {
    return s.bobCipher.decrypt(
        new org.whispersystems.libsignal.protocol.SignalMessage(
            s.aliceCipher.encrypt(KILOBYTE).serialize()));
  }

  /** A session whose next message from Alice is encrypted before each invocation, untimed. */
  @State(Scope.Thread)
  public static class SignalProtocolJavaWithMessage extends SignalProtocolJava {
    byte[] message;

    @Setup(Level.Invocation)
    public void encryptNext() throws Exception {
      message = aliceCipher.encrypt(KILOBYTE).serialize();
    }
  }

  @Benchmark
  public byte[] signalProtocolJavaDecrypt1k(SignalProtocolJavaWithMessage s) throws Exception {
    return s.bobCipher.decrypt(new org.whispersystems.libsignal.protocol.SignalMessage(s.message));
  }

  @Benchmark
  public byte[] signalProtocolJavaSessionSetupX3dh(SignalProtocolJava s) throws Exception {
    s.setUpSession();
    return s.bobCipher.decrypt(
        new org.whispersystems.libsignal.protocol.PreKeySignalMessage(
            s.aliceCipher.encrypt(KILOBYTE).serialize()));
  }
}
