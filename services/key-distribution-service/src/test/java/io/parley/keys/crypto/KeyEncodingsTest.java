package io.parley.keys.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.whispersystems.libsignal.ecc.Curve;

class KeyEncodingsTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void parsesTheEcPublicKeysLibsignalSerializes() {
    byte[] serialized = Curve.generateKeyPair().getPublicKey().serialize();

    EcPublicKey key = KeyEncodings.ecPublicKey(serialized);

    assertThat(key.serialized()).isEqualTo(serialized);
    assertThat(key.montgomeryPublicKey()).isEqualTo(Arrays.copyOfRange(serialized, 1, 33));
  }

  @Test
  void rejectsAMissingEcPublicKey() {
    assertThatThrownBy(() -> KeyEncodings.ecPublicKey(null))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("EC public key is missing");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 34, 1569})
  void rejectsAnEcPublicKeyOfTheWrongLength(int length) {
    byte[] bytes = randomBytes(length);
    if (length > 0) {
      bytes[0] = KeyEncodings.DJB_TYPE;
    }

    assertThatThrownBy(() -> KeyEncodings.ecPublicKey(bytes))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage(
            "EC public key must be 33 bytes (type byte 0x05 then a 32-byte Curve25519 key), got "
                + length);
  }

  @ParameterizedTest
  @ValueSource(bytes = {0x00, 0x04, 0x06, 0x08, (byte) 0x85})
  void rejectsAnEcPublicKeyWithAnotherTypeByte(byte type) {
    byte[] bytes = randomBytes(33);
    bytes[0] = type;

    assertThatThrownBy(() -> KeyEncodings.ecPublicKey(bytes))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage(
            "EC public key has type byte "
                + String.format("0x%02x", type & 0xFF)
                + ", expected 0x05");
  }

  @Test
  void parsesAKyber1024PublicKey() {
    byte[] serialized = kyberShaped();

    assertThat(KeyEncodings.kyber1024PublicKey(serialized).serialized()).isEqualTo(serialized);
  }

  @Test
  void rejectsAMissingKyber1024PublicKey() {
    assertThatThrownBy(() -> KeyEncodings.kyber1024PublicKey(null))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("Kyber1024 public key is missing");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 33, 1184, 1185, 1568, 1570})
  void rejectsAKyber1024PublicKeyOfTheWrongLength(int length) {
    byte[] bytes = randomBytes(length);
    if (length > 0) {
      bytes[0] = KeyEncodings.KYBER_1024_TYPE;
    }

    assertThatThrownBy(() -> KeyEncodings.kyber1024PublicKey(bytes))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage(
            "Kyber1024 public key must be 1569 bytes (type byte 0x08 then 1568 key bytes), got "
                + length);
  }

  /** 0x07 is Kyber768 and 0x0a ML-KEM-1024 in libsignal: neither is a Kyber1024 key. */
  @ParameterizedTest
  @ValueSource(bytes = {0x00, 0x05, 0x07, 0x0a, (byte) 0x88})
  void rejectsAKyber1024PublicKeyWithAnotherTypeByte(byte type) {
    byte[] bytes = kyberShaped();
    bytes[0] = type;

    assertThatThrownBy(() -> KeyEncodings.kyber1024PublicKey(bytes))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage(
            "Kyber1024 public key has type byte "
                + String.format("0x%02x", type & 0xFF)
                + ", expected 0x08");
  }

  @Test
  void parsesASignature() {
    byte[] bytes = randomBytes(64);

    assertThat(KeyEncodings.signature(bytes).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 32, 63, 65, 128})
  void rejectsASignatureOfTheWrongLength(int length) {
    assertThatThrownBy(() -> KeyEncodings.signature(randomBytes(length)))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("signature must be 64 bytes, got " + length);
  }

  @Test
  void rejectsAMissingSignature() {
    assertThatThrownBy(() -> KeyEncodings.signature(null))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("signature is missing");
  }

  @Test
  void encodingErrorsAreIllegalArguments() {
    assertThatThrownBy(() -> KeyEncodings.signature(new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordsCompareByContentAndCopyTheirBytes() {
    byte[] ec = Curve.generateKeyPair().getPublicKey().serialize();
    byte[] kyber = kyberShaped();
    byte[] signature = randomBytes(64);

    EcPublicKey ecKey = KeyEncodings.ecPublicKey(ec);
    Kyber1024PublicKey kyberKey = KeyEncodings.kyber1024PublicKey(kyber);
    EcSignature sig = KeyEncodings.signature(signature);

    assertThat(ecKey)
        .isEqualTo(KeyEncodings.ecPublicKey(ec.clone()))
        .hasSameHashCodeAs(KeyEncodings.ecPublicKey(ec.clone()));
    assertThat(kyberKey)
        .isEqualTo(KeyEncodings.kyber1024PublicKey(kyber.clone()))
        .hasSameHashCodeAs(KeyEncodings.kyber1024PublicKey(kyber.clone()));
    assertThat(sig)
        .isEqualTo(KeyEncodings.signature(signature.clone()))
        .hasSameHashCodeAs(KeyEncodings.signature(signature.clone()));
    assertThat(ecKey).isNotEqualTo(KeyEncodings.ecPublicKey(flipLastBit(ec)));
    assertThat(kyberKey).isNotEqualTo(KeyEncodings.kyber1024PublicKey(flipLastBit(kyber)));
    assertThat(sig).isNotEqualTo(KeyEncodings.signature(flipLastBit(signature)));

    // Changing the caller's array, or the one handed out, leaves the record as it was.
    ec[5] ^= 1;
    kyber[5] ^= 1;
    signature[5] ^= 1;
    ecKey.serialized()[6] ^= 1;
    ecKey.montgomeryPublicKey()[6] ^= 1;
    kyberKey.serialized()[6] ^= 1;
    sig.bytes()[6] ^= 1;
    ec[5] ^= 1;
    kyber[5] ^= 1;
    signature[5] ^= 1;
    assertThat(ecKey.serialized()).isEqualTo(ec);
    assertThat(kyberKey.serialized()).isEqualTo(kyber);
    assertThat(sig.bytes()).isEqualTo(signature);
  }

  @Test
  void toStringShowsNoKeyBytes() {
    assertThat(KeyEncodings.ecPublicKey(Curve.generateKeyPair().getPublicKey().serialize()))
        .hasToString("EcPublicKey[type=0x05, 33 bytes]");
    assertThat(KeyEncodings.kyber1024PublicKey(kyberShaped()))
        .hasToString("Kyber1024PublicKey[type=0x08, 1569 bytes]");
    assertThat(KeyEncodings.signature(randomBytes(64))).hasToString("EcSignature[64 bytes]");
  }

  private static byte[] kyberShaped() {
    byte[] bytes = randomBytes(1569);
    bytes[0] = KeyEncodings.KYBER_1024_TYPE;
    return bytes;
  }

  private static byte[] flipLastBit(byte[] bytes) {
    byte[] flipped = bytes.clone();
    flipped[flipped.length - 1] ^= 1;
    return flipped;
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
