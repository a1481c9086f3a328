package io.parley.signal.session;

import io.parley.signal.internal.Crypto;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.protocol.CiphertextMessage;
import io.parley.signal.ratchet.ChainKey;
import io.parley.signal.ratchet.RootKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * X3DH and PQXDH key agreement, and the first Double Ratchet state of each side.
 *
 * <p>Secret input: 32 bytes 0xFF, DH(IK_A, SPK_B), DH(EK_A, IK_B), DH(EK_A, SPK_B), [DH(EK_A,
 * OPK_B)], [Kyber shared secret]; HKDF-SHA256 without salt with info "WhisperText" (X3DH) or
 * "WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024" (PQXDH) gives the root key and Bob's first
 * sending chain key. Alice then ratchets once with a fresh key against Bob's signed prekey, which
 * is also Bob's first ratchet key.
 */
final class Handshake {

  private static final byte[] X3DH_INFO = "WhisperText".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PQXDH_INFO =
      "WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024".getBytes(StandardCharsets.US_ASCII);

  private Handshake() {}

  /** Alice's side: the bundle's keys are verified already. */
  static SessionState alice(
      ECKeyPair ourIdentity,
      ECKeyPair ourBaseKey,
      ECPublicKey theirIdentity,
      ECPublicKey theirSignedPreKey,
      ECPublicKey theirOneTimePreKey,
      byte[] kyberSharedSecret,
      SecureRandom random) {
    ByteArrayOutputStream secrets = discontinuity();
    secrets.writeBytes(ourIdentity.privateKey().calculateAgreement(theirSignedPreKey));
    secrets.writeBytes(ourBaseKey.privateKey().calculateAgreement(theirIdentity));
    secrets.writeBytes(ourBaseKey.privateKey().calculateAgreement(theirSignedPreKey));
    if (theirOneTimePreKey != null) {
      secrets.writeBytes(ourBaseKey.privateKey().calculateAgreement(theirOneTimePreKey));
    }
    boolean pq = kyberSharedSecret != null;
    if (pq) {
      secrets.writeBytes(kyberSharedSecret);
    }
    RootKey.Step initial = derive(pq, secrets);

    ECKeyPair sendingRatchetKey = ECKeyPair.generate(random);
    RootKey.Step sending =
        initial.rootKey().createChain(theirSignedPreKey, sendingRatchetKey.privateKey());

    SessionState state = base(pq, ourIdentity.publicKey(), theirIdentity, sending.rootKey());
    state.aliceBaseKey = ourBaseKey.publicKey();
    state.addReceiverChain(theirSignedPreKey, initial.chainKey());
    state.setSenderChain(sendingRatchetKey, sending.chainKey());
    return state;
  }

  /** Bob's side, from the prekeys the message named. */
  static SessionState bob(
      ECKeyPair ourIdentity,
      ECKeyPair ourSignedPreKey,
      ECKeyPair ourOneTimePreKey,
      byte[] kyberSharedSecret,
      ECPublicKey theirIdentity,
      ECPublicKey theirBaseKey) {
    ByteArrayOutputStream secrets = discontinuity();
    secrets.writeBytes(ourSignedPreKey.privateKey().calculateAgreement(theirIdentity));
    secrets.writeBytes(ourIdentity.privateKey().calculateAgreement(theirBaseKey));
    secrets.writeBytes(ourSignedPreKey.privateKey().calculateAgreement(theirBaseKey));
    if (ourOneTimePreKey != null) {
      secrets.writeBytes(ourOneTimePreKey.privateKey().calculateAgreement(theirBaseKey));
    }
    boolean pq = kyberSharedSecret != null;
    if (pq) {
      secrets.writeBytes(kyberSharedSecret);
    }
    RootKey.Step initial = derive(pq, secrets);

    SessionState state = base(pq, ourIdentity.publicKey(), theirIdentity, initial.rootKey());
    state.aliceBaseKey = theirBaseKey;
    state.setSenderChain(ourSignedPreKey, initial.chainKey());
    return state;
  }

  private static ByteArrayOutputStream discontinuity() {
    ByteArrayOutputStream secrets = new ByteArrayOutputStream(32 * 6);
    byte[] ff = new byte[32];
    Arrays.fill(ff, (byte) 0xFF);
    secrets.writeBytes(ff);
    return secrets;
  }

  private static RootKey.Step derive(boolean pq, ByteArrayOutputStream secrets) {
    byte[] input = secrets.toByteArray();
    byte[] derived = Crypto.hkdf(null, input, pq ? PQXDH_INFO : X3DH_INFO, 64);
    RootKey.Step step =
        new RootKey.Step(
            new RootKey(Arrays.copyOfRange(derived, 0, 32)),
            new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0));
    Arrays.fill(input, (byte) 0);
    Arrays.fill(derived, (byte) 0);
    return step;
  }

  private static SessionState base(
      boolean pq, ECPublicKey localIdentity, ECPublicKey remoteIdentity, RootKey rootKey) {
    SessionState state = new SessionState();
    state.version = pq ? CiphertextMessage.VERSION_PQXDH : CiphertextMessage.VERSION_X3DH;
    state.localIdentity = localIdentity;
    state.remoteIdentity = remoteIdentity;
    state.rootKey = rootKey.key();
    return state;
  }
}
