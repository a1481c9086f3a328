package io.parley.signal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** libsignal's published Curve25519 vectors (rust/core/src/curve/curve25519.rs tests). */
class CurveVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void x25519AgreementMatchesLibsignalVector() throws Exception {
    byte[] alicePublic =
        HEX.parseHex("1bb75966f2e93a3691dfff942bb2a466a1c08b8d78ca3f4d6df8b8bfa2e4ee28");
    byte[] alicePrivate =
        HEX.parseHex("c806439dc9d2c476ffed8f2580c0888d58ab406bf7ae3698879021b96bb4bf59");
    byte[] bobPublic =
        HEX.parseHex("653614993d2b15ee9e5fd3d86ce719ef4ec1daae1886a87b3f5fa9565a27a22f");
    byte[] bobPrivate =
        HEX.parseHex("b03b34c33a1c44f225b662d2bf4859b8135411fa7b0386d45fb75dc5b91b4466");
    byte[] shared =
        HEX.parseHex("325f239328941ced6e673b86ba41017448e99b649a9c3806c1dd7ca4c477e629");

    ECPrivateKey alice = ECPrivateKey.deserialize(alicePrivate);
    ECPrivateKey bob = ECPrivateKey.deserialize(bobPrivate);

    assertThat(alice.publicKey().montgomery()).isEqualTo(alicePublic);
    assertThat(bob.publicKey().montgomery()).isEqualTo(bobPublic);
    assertThat(alice.calculateAgreement(ECPublicKey.fromMontgomery(bobPublic))).isEqualTo(shared);
    assertThat(bob.calculateAgreement(ECPublicKey.fromMontgomery(alicePublic))).isEqualTo(shared);
  }

  private static final byte[] SIGNER_PRIVATE =
      HEX.parseHex(
          "c097248412e58bf05df4879682051327 94178e367637f5818f81e0e6ce73e865".replace(" ", ""));
  private static final byte[] SIGNER_PUBLIC =
      HEX.parseHex("ab7e717d4a163b7d9a1d8071dfe9dcf8cdcd1cea3339b6356be84d887e322c64");
  private static final byte[] SIGNED_MESSAGE =
      HEX.parseHex("05edce9d9c415ca78cb7252e72c2c4a554d3eb29485a0e1d503118d1a82d99fb4a");
  private static final byte[] SIGNATURE =
      HEX.parseHex(
          "5de88ca9a89b4a115da79109c67c9c7464a3e4180274f1cb8c63c2984e286dfb"
              + "ede82deb9dcd9fae0bfbb821569b3d9001bd8130cd11d486cef047bd60b86e88");

  @Test
  void verifiesLibsignalSignatureVector() throws Exception {
    ECPrivateKey signer = ECPrivateKey.deserialize(SIGNER_PRIVATE);
    assertThat(signer.publicKey().montgomery()).isEqualTo(SIGNER_PUBLIC);

    assertThat(XEdDSA.verify(ECPublicKey.fromMontgomery(SIGNER_PUBLIC), SIGNED_MESSAGE, SIGNATURE))
        .isTrue();
  }

  @Test
  void rejectsLibsignalSignatureVectorWithAnySingleBitFlipped() throws Exception {
    ECPublicKey key = ECPublicKey.fromMontgomery(SIGNER_PUBLIC);
    for (int i = 0; i < SIGNATURE.length; i++) {
      byte[] tampered = SIGNATURE.clone();
      tampered[i] ^= 0x01;
      assertThat(XEdDSA.verify(key, SIGNED_MESSAGE, tampered)).as("flip in byte %d", i).isFalse();
    }
  }

  @Test
  void signsWithTheVectorKeySoThatItsOwnVerifierAccepts() throws Exception {
    ECPrivateKey signer = ECPrivateKey.deserialize(SIGNER_PRIVATE);
    byte[] signature = XEdDSA.sign(signer, SIGNED_MESSAGE, new SecureRandom());
    assertThat(XEdDSA.verify(signer.publicKey(), SIGNED_MESSAGE, signature)).isTrue();
    assertThat(XEdDSA.verify(signer.publicKey(), new byte[] {1}, signature)).isFalse();
  }
}
