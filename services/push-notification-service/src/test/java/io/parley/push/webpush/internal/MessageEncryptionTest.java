package io.parley.push.webpush.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.push.crypto.P256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessageEncryptionTest {

  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  /** RFC 8291 Appendix A, byte for byte. */
  @Test
  void encryptsTheRfc8291ExampleExactly() throws Exception {
    byte[] asPrivate = B64.decode("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
    byte[] asPublic =
        B64.decode(
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
    byte[] uaPublic =
        B64.decode(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
    byte[] auth = B64.decode("BTBZMqHH6r4Tts7J_aSIgg");
    byte[] salt = B64.decode("DGv6ra1nlYgDCS1FRnbzlw");

    byte[] body =
        MessageEncryption.encrypt(
            "When I grow up, I want to be a watermelon".getBytes(StandardCharsets.US_ASCII),
            uaPublic,
            auth,
            P256.privateKey(asPrivate),
            P256.publicKey(asPublic),
            salt);

    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body))
        .isEqualTo(
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");
  }

  @Test
  void usesAFreshKeyAndSaltForEveryMessage() {
    byte[] uaPublic =
        B64.decode(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
    byte[] auth = B64.decode("BTBZMqHH6r4Tts7J_aSIgg");
    MessageEncryption encryption = new MessageEncryption(new SecureRandom());

    byte[] first = encryption.encrypt(new byte[] {1, 2, 3}, uaPublic, auth);
    byte[] second = encryption.encrypt(new byte[] {1, 2, 3}, uaPublic, auth);

    assertThat(first).hasSize(86 + 3 + 1 + 16);
    assertThat(java.util.Arrays.copyOf(first, 16))
        .isNotEqualTo(java.util.Arrays.copyOf(second, 16));
    assertThat(java.util.Arrays.copyOfRange(first, 21, 86))
        .isNotEqualTo(java.util.Arrays.copyOfRange(second, 21, 86));
  }

  @Test
  void refusesAnOffCurveBrowserKey() {
    byte[] uaPublic =
        B64.decode(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
    uaPublic[64] ^= 1;
    MessageEncryption encryption = new MessageEncryption(new SecureRandom());

    assertThatThrownBy(() -> encryption.encrypt(new byte[] {1}, uaPublic, new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
