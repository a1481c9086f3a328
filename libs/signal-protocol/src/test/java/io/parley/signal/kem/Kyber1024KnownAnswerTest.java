package io.parley.signal.kem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kyber1024 against NIST's round-3 known-answer file: for each of the 100 cases, the file's seed
 * drives NIST's AES-256 CTR_DRBG exactly as the reference generator did (keypair draws d then z,
 * encapsulation draws its coins): our key generation must give the file's keys, our encapsulation
 * to its public key its ciphertext and shared secret, our decapsulation its shared secret.
 */
class Kyber1024KnownAnswerTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final List<Map<String, String>> CASES = new ArrayList<>();

  @BeforeAll
  static void readKnownAnswerFile() throws Exception {
    byte[] file;
    try (InputStream in =
        new GZIPInputStream(
            Kyber1024KnownAnswerTest.class.getResourceAsStream("/kyber/PQCkemKAT_3168.rsp.gz"))) {
      file = in.readAllBytes();
    }
    assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
        .isEqualTo("89248f2f33f7f4f7051729111f3049c409a933ec904aedadf035f30fa5646cd5");
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new java.io.ByteArrayInputStream(file), StandardCharsets.US_ASCII))) {
      Map<String, String> current = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int equals = line.indexOf(" = ");
        if (equals < 0) {
          continue;
        }
        String name = line.substring(0, equals);
        if (name.equals("count")) {
          current = new HashMap<>();
          CASES.add(current);
        }
        current.put(name, line.substring(equals + 3));
      }
    }
    assertThat(CASES).hasSize(100);
  }

  @Test
  void generatesEncapsulatesAndDecapsulatesEveryKnownAnswer() throws Exception {
    for (Map<String, String> kat : CASES) {
      NistDrbg drbg = new NistDrbg(HEX.parseHex(kat.get("seed")));
      byte[] d = drbg.next32();
      byte[] z = drbg.next32();
      byte[] coins = drbg.next32();
      byte[] pk = HEX.parseHex(kat.get("pk"));
      byte[] sk = HEX.parseHex(kat.get("sk"));
      byte[] ct = HEX.parseHex(kat.get("ct"));
      byte[] ss = HEX.parseHex(kat.get("ss"));
      String label = "count " + kat.get("count");
      // The DRBG is right iff it reproduces the z the reference put at the end of sk.
      assertThat(java.util.Arrays.copyOfRange(sk, sk.length - 32, sk.length))
          .as(label)
          .isEqualTo(z);

      byte[][] generated = KyberKeyGeneration.generate(d, z);
      assertThat(generated[0]).as(label + " public key").isEqualTo(pk);
      assertThat(generated[1]).as(label + " secret key").isEqualTo(sk);

      Kyber1024.Encapsulation encapsulation = Kyber1024.encapsulate(new KyberPublicKey(pk), coins);
      assertThat(encapsulation.serializedCiphertext()).as(label).isEqualTo(serialized(ct));
      assertThat(encapsulation.sharedSecret()).as(label).isEqualTo(ss);
      assertThat(Kyber1024.decapsulate(new KyberSecretKey(sk), serialized(ct)))
          .as(label)
          .isEqualTo(ss);
    }
  }

  @Test
  void rejectsAlteredCiphertextImplicitlyWithRound3Secret() throws Exception {
    Map<String, String> kat = CASES.get(7);
    byte[] sk = HEX.parseHex(kat.get("sk"));
    byte[] ct = HEX.parseHex(kat.get("ct"));
    ct[100] ^= 0x01;
    byte[] z = java.util.Arrays.copyOfRange(sk, sk.length - 32, sk.length);

    byte[] secret = Kyber1024.decapsulate(new KyberSecretKey(sk), serialized(ct));

    // Round 3: KDF(z || H(c)) = SHAKE256(z || SHA3-256(c)); ML-KEM would give SHAKE256(z || c).
    assertThat(secret).isEqualTo(shake256(z, sha3(ct)));
    assertThat(secret).isNotEqualTo(HEX.parseHex(kat.get("ss")));
  }

  @Test
  void generatedKeyPairsAgreeOnTheSharedSecret() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 5; i++) {
      KyberKeyPair pair = KyberKeyPair.generate(random);
      Kyber1024.Encapsulation encapsulation = Kyber1024.encapsulate(pair.publicKey(), random);
      assertThat(Kyber1024.decapsulate(pair.secretKey(), encapsulation.serializedCiphertext()))
          .isEqualTo(encapsulation.sharedSecret());
      assertThat(KyberPublicKey.deserialize(pair.publicKey().serialize()))
          .isEqualTo(pair.publicKey());
    }
  }

  private static byte[] serialized(byte[] ciphertext) {
    byte[] out = new byte[ciphertext.length + 1];
    out[0] = 0x08;
    System.arraycopy(ciphertext, 0, out, 1, ciphertext.length);
    return out;
  }

  private static byte[] sha3(byte[] input) {
    SHA3Digest digest = new SHA3Digest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static byte[] shake256(byte[] a, byte[] b) {
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(a, 0, a.length);
    shake.update(b, 0, b.length);
    byte[] out = new byte[32];
    shake.doFinal(out, 0, 32);
    return out;
  }

  /** NIST's AES-256 CTR_DRBG of the KAT generator (rng.c), without personalization. */
  private static final class NistDrbg {
    private byte[] key = new byte[32];
    private byte[] v = new byte[16];

    NistDrbg(byte[] seed) throws Exception {
      update(seed);
    }

    byte[] next32() throws Exception {
      byte[] out = new byte[32];
      for (int i = 0; i < 32; i += 16) {
        increment();
        System.arraycopy(aes(v), 0, out, i, 16);
      }
      update(null);
      return out;
    }

    private void update(byte[] provided) throws Exception {
      byte[] temp = new byte[48];
      for (int i = 0; i < 3; i++) {
        increment();
        System.arraycopy(aes(v), 0, temp, 16 * i, 16);
      }
      if (provided != null) {
        for (int i = 0; i < 48; i++) {
          temp[i] ^= provided[i];
        }
      }
      key = java.util.Arrays.copyOfRange(temp, 0, 32);
      v = java.util.Arrays.copyOfRange(temp, 32, 48);
    }

    private void increment() {
      for (int j = 15; j >= 0; j--) {
        if (++v[j] != 0) {
          break;
        }
      }
    }

    private byte[] aes(byte[] block) throws Exception {
      Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      return cipher.doFinal(block);
    }
  }
}
