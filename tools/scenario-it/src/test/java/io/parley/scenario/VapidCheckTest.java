package io.parley.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VapidCheckTest {

  private static final String ORIGIN = "http://127.0.0.1:4711";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final KeyPair server = P256.generate();
  private final String serverKey = encode(server);

  @Test
  void acceptsAnEs256TokenSignedByTheServersKeyForTheEndpointsOrigin() throws Exception {
    String header = authorization(server, ORIGIN, NOW.plus(Duration.ofHours(12)), serverKey);

    assertThat(VapidCheck.problem(header, serverKey, ORIGIN, NOW)).isEmpty();
  }

  @Test
  void refusesATokenSignedByAnotherKey() throws Exception {
    String header =
        authorization(P256.generate(), ORIGIN, NOW.plus(Duration.ofHours(12)), serverKey);

    assertThat(VapidCheck.problem(header, serverKey, ORIGIN, NOW))
        .hasValueSatisfying(p -> assertThat(p).contains("signature does not verify"));
  }

  @Test
  void refusesAKeyOtherThanTheServers() throws Exception {
    KeyPair other = P256.generate();
    String header = authorization(other, ORIGIN, NOW.plus(Duration.ofHours(12)), encode(other));

    assertThat(VapidCheck.problem(header, serverKey, ORIGIN, NOW))
        .hasValueSatisfying(p -> assertThat(p).contains("not the server's VAPID public key"));
  }

  @Test
  void refusesATokenForAnotherOrigin() throws Exception {
    String header =
        authorization(server, "http://127.0.0.1:4712", NOW.plus(Duration.ofHours(12)), serverKey);

    assertThat(VapidCheck.problem(header, serverKey, ORIGIN, NOW))
        .hasValueSatisfying(p -> assertThat(p).contains("is not the endpoint's origin"));
  }

  @Test
  void refusesAnExpiredTokenAndOneValidForMoreThanADay() throws Exception {
    String expired = authorization(server, ORIGIN, NOW.minusSeconds(1), serverKey);
    String tooLong = authorization(server, ORIGIN, NOW.plus(Duration.ofHours(25)), serverKey);

    assertThat(VapidCheck.problem(expired, serverKey, ORIGIN, NOW)).isPresent();
    assertThat(VapidCheck.problem(tooLong, serverKey, ORIGIN, NOW)).isPresent();
  }

  @Test
  void refusesAMissingOrForeignAuthorization() {
    assertThat(VapidCheck.problem(null, serverKey, ORIGIN, NOW)).isPresent();
    assertThat(VapidCheck.problem("Bearer abc", serverKey, ORIGIN, NOW)).isPresent();
    assertThat(VapidCheck.problem("vapid t=a.b.c", serverKey, ORIGIN, NOW)).isPresent();
  }

  /** {@code vapid t=<ES256 JWT>, k=<key>}, as RFC 8292 §3 shows it. */
  private static String authorization(KeyPair signer, String audience, Instant exp, String k)
      throws Exception {
    String signingInput =
        base64url("{\"typ\":\"JWT\",\"alg\":\"ES256\"}")
            + "."
            + base64url(
                "{\"aud\":\""
                    + audience
                    + "\",\"exp\":"
                    + exp.getEpochSecond()
                    + ",\"sub\":\"mailto:test@parley.invalid\"}");
    Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
    ecdsa.initSign(signer.getPrivate());
    ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    String jwt = signingInput + "." + P256.BASE64URL.encodeToString(ecdsa.sign());
    return "vapid t=" + jwt + ", k=" + k;
  }

  private static String base64url(String json) {
    return P256.BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(KeyPair keys) {
    return P256.BASE64URL.encodeToString(P256.encode((ECPublicKey) keys.getPublic()));
  }
}
