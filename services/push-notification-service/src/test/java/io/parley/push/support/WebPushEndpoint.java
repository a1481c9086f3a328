package io.parley.push.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser's push service and the browser behind it: {@link #subscribe()} makes a subscription (a
 * P-256 key pair and auth secret, as a browser does); a push to it must carry a VAPID Authorization
 * whose ES256 JWT verifies with the {@code k} it names, which must be the server's key, for this
 * origin, not expired and at most 24 h ahead (RFC 8292); its body is decrypted here per RFC 8291
 * with the subscription's private key and recorded.
 */
public final class WebPushEndpoint implements ProviderServer.Route {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** A browser's subscription, with the private key only the browser has. */
  public record Subscription(
      String id, String endpoint, String p256dh, String auth, KeyPair keys, byte[] authSecret) {}

  /** A push as the browser sees it after decryption. */
  public record Push(String plaintext, String ttl, String urgency, String topic) {}

  public final Script<Push> script = new Script<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final String baseUrl;
  private final String vapidPublicKey;

  public WebPushEndpoint(String baseUrl, String vapidPublicKey) {
    this.baseUrl = baseUrl;
    this.vapidPublicKey = vapidPublicKey;
  }

  public Subscription subscribe() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      byte[] auth = new byte[16];
      new java.security.SecureRandom().nextBytes(auth);
      String id = UUID.randomUUID().toString();
      Subscription subscription =
          new Subscription(
              id,
              baseUrl + "/webpush/" + id,
              B64.encodeToString(encode((ECPublicKey) keys.getPublic())),
              B64.encodeToString(auth),
              keys,
              auth);
      subscriptions.put(id, subscription);
      return subscription;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ProviderServer.Reply handle(ProviderServer.Exchange exchange) {
    String id = exchange.path().substring("/webpush/".length());
    Subscription subscription = subscriptions.get(id);
    if (subscription == null) {
      return ProviderServer.Reply.of(404, "");
    }
    String problem = checkVapid(exchange.header("authorization"));
    if (problem != null) {
      return script.violation(problem, ProviderServer.Reply.of(403, ""));
    }
    if (!"aes128gcm".equals(exchange.header("content-encoding"))
        || exchange.header("ttl") == null) {
      return script.violation(
          "Content-Encoding aes128gcm and TTL are required", ProviderServer.Reply.of(400, ""));
    }
    String plaintext;
    try {
      plaintext = new String(decrypt(exchange.body(), subscription), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return script.violation("payload does not decrypt: " + e, ProviderServer.Reply.of(400, ""));
    }
    script.record(
        id,
        new Push(
            plaintext,
            exchange.header("ttl"),
            exchange.header("urgency"),
            exchange.header("topic")));
    return script.next(id, ProviderServer.Reply.of(201, ""));
  }

  private String checkVapid(String authorization) {
    if (authorization == null || !authorization.startsWith("vapid ")) {
      return "no vapid Authorization";
    }
    String t = null;
    String k = null;
    for (String part : authorization.substring("vapid ".length()).split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv[0].equals("t")) {
        t = kv[1];
      } else if (kv[0].equals("k")) {
        k = kv[1];
      }
    }
    if (t == null || k == null) {
      return "vapid without t or k";
    }
    if (!k.equals(vapidPublicKey)) {
      return "vapid k is not the server's public key";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(t);
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
        return "vapid JWT not ES256";
      }
      if (!jwt.verify(new ECDSAVerifier(decodePublic(B64D.decode(k))))) {
        return "vapid JWT signature does not verify with k";
      }
      if (!claims.getAudience().equals(java.util.List.of(baseUrl))) {
        return "vapid aud " + claims.getAudience() + " is not the origin " + baseUrl;
      }
      Instant exp = claims.getExpirationTime().toInstant();
      if (exp.isBefore(Instant.now()) || exp.isAfter(Instant.now().plusSeconds(24 * 3600))) {
        return "vapid exp out of range";
      }
      if (claims.getSubject() == null || !claims.getSubject().startsWith("mailto:")) {
        return "vapid sub " + claims.getSubject();
      }
      return null;
    } catch (Exception e) {
      return "unreadable vapid JWT: " + e;
    }
  }

  /** RFC 8291 §3.4 and RFC 8188, the receiving side. */
  static byte[] decrypt(byte[] body, Subscription subscription) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int recordSize = in.getInt();
    int idLength = in.get() & 0xff;
    byte[] asPublic = new byte[idLength];
    in.get(asPublic);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    if (recordSize < 18 || ciphertext.length > recordSize) {
      throw new IllegalArgumentException("record size " + recordSize);
    }
    byte[] uaPublic = encode((ECPublicKey) subscription.keys().getPublic());
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init((ECPrivateKey) subscription.keys().getPrivate());
    agreement.doPhase(decodePublic(asPublic), true);
    byte[] ecdh = agreement.generateSecret();
    byte[] prkKey = hmac(subscription.authSecret(), ecdh);
    byte[] ikm =
        hmac(
            prkKey,
            concat(
                "WebPush: info\0".getBytes(StandardCharsets.US_ASCII),
                uaPublic,
                asPublic,
                new byte[] {1}));
    byte[] prk = hmac(salt, ikm);
    byte[] cek =
        Arrays.copyOf(
            hmac(
                prk,
                concat(
                    "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {1})),
            16);
    byte[] nonce =
        Arrays.copyOf(
            hmac(
                prk,
                concat(
                    "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {1})),
            12);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = aes.doFinal(ciphertext);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 0x02) {
      throw new IllegalArgumentException(
          "not the last record (delimiter " + (end < 0 ? "none" : padded[end]) + ")");
    }
    return Arrays.copyOf(padded, end);
  }

  static byte[] encode(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    byte[] x = unsigned(key.getW().getAffineX());
    byte[] y = unsigned(key.getW().getAffineY());
    System.arraycopy(x, 0, out, 33 - x.length, x.length);
    System.arraycopy(y, 0, out, 65 - y.length, y.length);
    return out;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 32 ? Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length) : bytes;
  }

  static ECPublicKey decodePublic(byte[] encoded) throws Exception {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
    ECPoint point =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(encoded, 33, 65)));
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
