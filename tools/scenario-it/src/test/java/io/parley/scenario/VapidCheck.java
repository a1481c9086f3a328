package io.parley.scenario;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a push service checks of {@code Authorization: vapid t=<jwt>, k=<public key>} (RFC 8292):
 * {@code k} is the application server's key the subscription was made with, the JWT is ES256 and
 * verifies with it, {@code aud} is the push endpoint's origin, and {@code exp} lies in the future
 * but at most 24 hours ahead.
 */
final class VapidCheck {

  private static final Duration MAX_LIFETIME = Duration.ofHours(24);

  private VapidCheck() {}

  /**
   * Why the header does not verify, or empty if it does.
   *
   * @param vapidPublicKey base64url of the 65-byte key the server announced
   * @param origin the push endpoint's origin, {@code http://127.0.0.1:<port>}
   */
  static Optional<String> problem(
      String authorization, String vapidPublicKey, String origin, Instant now) {
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("vapid ")) {
      return Optional.of("no 'Authorization: vapid ...' header: " + authorization);
    }
    Map<String, String> parameters = new HashMap<>();
    for (String parameter : authorization.substring("vapid ".length()).split(",")) {
      String[] nameAndValue = parameter.trim().split("=", 2);
      if (nameAndValue.length == 2) {
        parameters.put(nameAndValue[0].trim(), nameAndValue[1].trim());
      }
    }
    String token = parameters.get("t");
    String key = parameters.get("k");
    if (token == null || key == null) {
      return Optional.of("vapid header without t= and k=: " + authorization);
    }
    byte[] keyBytes;
    try {
      keyBytes = P256.BASE64URL_DECODER.decode(key);
    } catch (IllegalArgumentException e) {
      return Optional.of("k is not base64url: " + key);
    }
    if (!Arrays.equals(keyBytes, P256.BASE64URL_DECODER.decode(vapidPublicKey))) {
      return Optional.of("k is not the server's VAPID public key: " + key);
    }

    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.of("t is not a signed JWT (header.payload.signature)");
    }
    String header;
    String claims;
    byte[] signature;
    try {
      header = new String(P256.BASE64URL_DECODER.decode(parts[0]), StandardCharsets.UTF_8);
      claims = new String(P256.BASE64URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8);
      signature = P256.BASE64URL_DECODER.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return Optional.of("a part of the JWT is not base64url");
    }
    if (!"ES256".equals(stringClaim(header, "alg"))) {
      return Optional.of("JWT alg is not ES256: " + header);
    }
    if (!verifies(keyBytes, parts[0] + "." + parts[1], signature)) {
      return Optional.of("JWT signature does not verify with the VAPID public key");
    }
    String audience = stringClaim(claims, "aud");
    if (!origin.equals(audience)) {
      return Optional.of("JWT aud " + audience + " is not the endpoint's origin " + origin);
    }
    Long exp = numberClaim(claims, "exp");
    if (exp == null) {
      return Optional.of("JWT has no exp: " + claims);
    }
    Instant expires = Instant.ofEpochSecond(exp);
    if (!expires.isAfter(now) || expires.isAfter(now.plus(MAX_LIFETIME))) {
      return Optional.of("JWT exp " + expires + " is not within 24 h after " + now);
    }
    return Optional.empty();
  }

  /** ES256: ECDSA P-256 SHA-256, the signature as R || S (JWS, RFC 7518 §3.4). */
  private static boolean verifies(byte[] publicKey, String signingInput, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
      ecdsa.initVerify(P256.publicKey(publicKey));
      ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return ecdsa.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  // The JWT's header and claims are small flat JSON objects: a pattern per member is enough.

  private static String stringClaim(String json, String name) {
    Matcher m =
        Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return m.find() ? m.group(1).replace("\\/", "/") : null;
  }

  private static Long numberClaim(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Long.valueOf(m.group(1)) : null;
  }
}
