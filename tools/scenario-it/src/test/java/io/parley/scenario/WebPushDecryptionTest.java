package io.parley.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class WebPushDecryptionTest {

  // RFC 8291 Appendix A (the same constants as push-notification-service's MessageEncryptionTest;
  // the user agent's private key, which only a receiver needs, is from the RFC).
  private static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  private static final String BODY =
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  private static final KeyPair UA_KEYS =
      new KeyPair(P256.publicKey(decode(UA_PUBLIC)), P256.privateKey(decode(UA_PRIVATE)));

  @Test
  void decryptsTheRfc8291AppendixAExample() throws Exception {
    byte[] plaintext = WebPushDecryption.decrypt(decode(BODY), UA_KEYS, decode(AUTH));

    assertThat(new String(plaintext, StandardCharsets.US_ASCII))
        .isEqualTo("When I grow up, I want to be a watermelon");
  }

  @Test
  void refusesTheExampleUnderAnotherAuthSecret() {
    byte[] auth = decode(AUTH);
    auth[0] ^= 1;

    assertThatThrownBy(() -> WebPushDecryption.decrypt(decode(BODY), UA_KEYS, auth))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void refusesTheExampleWithAnAlteredCiphertext() {
    byte[] body = decode(BODY);
    body[body.length - 20] ^= 1;

    assertThatThrownBy(() -> WebPushDecryption.decrypt(body, UA_KEYS, decode(AUTH)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void refusesABodyLongerThanOneRecord() {
    byte[] body = decode(BODY);
    body[16] = 0;
    body[17] = 0;
    body[18] = 0;
    body[19] = 50; // rs = 50, less than the 58-byte record that follows

    assertThatThrownBy(() -> WebPushDecryption.decrypt(body, UA_KEYS, decode(AUTH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rs=50");
  }

  private static byte[] decode(String base64url) {
    return P256.BASE64URL_DECODER.decode(base64url);
  }
}
