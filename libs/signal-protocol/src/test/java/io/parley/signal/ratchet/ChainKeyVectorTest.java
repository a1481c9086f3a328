package io.parley.signal.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** libsignal's chain key derivation vector (rust/protocol/src/ratchet/keys.rs tests). */
class ChainKeyVectorTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void derivesLibsignalsMessageKeysAndNextChainKey() {
    byte[] seed = HEX.parseHex("8ab72d6f4cc5ac0d387eaf463378ddb28edd07385b1cb01250c715982e7ad48f");
    ChainKey chainKey = new ChainKey(seed, 0);

    assertThat(chainKey.key()).isEqualTo(seed);
    assertThat(chainKey.messageKeys().cipherKey())
        .isEqualTo(
            HEX.parseHex("bf51e9d75e0e31031051f82a2491ffc084fa298b7793bd9db620056febf45217"));
    assertThat(chainKey.messageKeys().macKey())
        .isEqualTo(
            HEX.parseHex("c6c77d6a73a354337a56435e34607dfe48e3ace14e77314dc6abc172e7a7030b"));
    assertThat(chainKey.next().key())
        .isEqualTo(
            HEX.parseHex("28e8f8fee54b801eef7c5cfb2f17f32c7b334485bbb70fac6ec10342a246d15d"));
    assertThat(chainKey.index()).isZero();
    assertThat(chainKey.messageKeys().counter()).isZero();
    assertThat(chainKey.next().index()).isEqualTo(1);
    assertThat(chainKey.next().messageKeys().counter()).isEqualTo(1);
  }

  @Test
  void keepsKeyMaterialOutOfToString() {
    ChainKey chainKey = new ChainKey(new byte[32], 7);
    assertThat(chainKey.toString()).doesNotContain("0000").contains("redacted");
    assertThat(chainKey.messageKeys().toString()).contains("redacted");
    assertThat(new RootKey(new byte[32]).toString()).contains("redacted");
  }
}
