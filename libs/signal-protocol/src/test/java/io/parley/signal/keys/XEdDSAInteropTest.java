package io.parley.signal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.ecc.ECKeyPair;

/** Our XEdDSA against signal-protocol-java 2.8.1's, in both directions, on random keys. */
class XEdDSAInteropTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void signalProtocolJavaVerifiesOurSignatures() throws Exception {
    for (int i = 0; i < 100; i++) {
      io.parley.signal.keys.ECKeyPair ours = io.parley.signal.keys.ECKeyPair.generate(random);
      byte[] message = new byte[i];
      random.nextBytes(message);
      byte[] signature = XEdDSA.sign(ours.privateKey(), message, random);

      var theirView = Curve.decodePoint(ours.publicKey().serialize(), 0);
      assertThat(Curve.verifySignature(theirView, message, signature)).isTrue();
      signature[i % 64] ^= 0x10;
      assertThat(Curve.verifySignature(theirView, message, signature)).isFalse();
    }
  }

  @Test
  void weVerifyTheirSignaturesAndRejectTamperedOnes() throws Exception {
    for (int i = 0; i < 100; i++) {
      ECKeyPair theirs = Curve.generateKeyPair();
      byte[] message = new byte[i];
      random.nextBytes(message);
      byte[] signature = Curve.calculateSignature(theirs.getPrivateKey(), message);
      ECPublicKey publicKey = ECPublicKey.deserialize(theirs.getPublicKey().serialize());

      assertThat(XEdDSA.verify(publicKey, message, signature)).isTrue();
      byte[] otherMessage = message.clone();
      if (otherMessage.length > 0) {
        otherMessage[0] ^= 1;
        assertThat(XEdDSA.verify(publicKey, otherMessage, signature)).isFalse();
      }
      byte[] flippedSign = signature.clone();
      flippedSign[63] ^= (byte) 0x80;
      assertThat(XEdDSA.verify(publicKey, message, flippedSign)).isFalse();
    }
  }

  @Test
  void ourPublicKeysAndAgreementsMatchTheirs() throws Exception {
    for (int i = 0; i < 50; i++) {
      ECKeyPair theirs = Curve.generateKeyPair();
      ECPrivateKey ourPrivate = ECPrivateKey.deserialize(theirs.getPrivateKey().serialize());
      assertThat(ourPrivate.publicKey().serialize()).isEqualTo(theirs.getPublicKey().serialize());

      io.parley.signal.keys.ECKeyPair ours = io.parley.signal.keys.ECKeyPair.generate(random);
      byte[] theirAgreement =
          Curve.calculateAgreement(
              Curve.decodePoint(ours.publicKey().serialize(), 0), theirs.getPrivateKey());
      assertThat(ourPrivate.calculateAgreement(ours.publicKey())).isEqualTo(theirAgreement);
    }
  }
}
