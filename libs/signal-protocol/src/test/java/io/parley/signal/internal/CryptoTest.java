package io.parley.signal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5869's HKDF-SHA256 test cases 1 and 3 (case 3 is the empty salt, i.e. our null salt). */
class CryptoTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void hkdfMatchesRfc5869WithASalt() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    byte[] okm =
        Crypto.hkdf(
            HEX.parseHex("000102030405060708090a0b0c"),
            ikm,
            HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"),
            42);
    assertThat(HEX.formatHex(okm))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void hkdfMatchesRfc5869WithoutASaltTwiceInARow() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    String expected =
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
    // twice: the kept zero-key HMAC must come back to its keyed state after each use
    assertThat(HEX.formatHex(Crypto.hkdf(null, ikm, new byte[0], 42))).isEqualTo(expected);
    assertThat(HEX.formatHex(Crypto.hkdf(null, ikm, new byte[0], 42))).isEqualTo(expected);
  }
}
