package io.parley.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.parley.auth.AuthProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The EC P-256 keys that sign access tokens (ES256). The current key signs; previous keys stay in
 * the JWKS so that tokens they signed keep working until they expire (docs/adr/0007). The key id is
 * the RFC 7638 thumbprint of the public key. Outside the dev profile the key comes from a PEM file
 * ({@code parley.auth.signing.key-file}, e.g. {@code openssl ecparam -name prime256v1 -genkey
 * -noout -out key.pem}); in dev one is generated once and kept under {@code .parley/auth}.
 */
@Component
public class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final ECKey current;
  private final JWKSet publicSet;

  SigningKeys(AuthProperties properties, Environment environment) {
    AuthProperties.Signing signing = properties.signing();
    Path keyFile = signing.keyFile();
    if (keyFile == null) {
      if (!environment.acceptsProfiles(Profiles.of("dev"))) {
        throw new IllegalStateException(
            "parley.auth.signing.key-file (PARLEY_AUTH_SIGNING_KEY_FILE) is required outside the"
                + " dev profile: a PEM file with an EC P-256 private key");
      }
      keyFile = devKey(signing.devKeyDir().resolve("signing-key.pem"));
    }
    this.current = load(keyFile);
    List<JWK> published = new ArrayList<>();
    published.add(current.toPublicJWK());
    for (Path previous : signing.previousKeyFiles()) {
      published.add(load(previous).toPublicJWK());
    }
    this.publicSet = new JWKSet(published);
    log.info(
        "signing access tokens with key {} ({} key(s) published)",
        current.getKeyID(),
        published.size());
  }

  public ECKey current() {
    return current;
  }

  /** Public keys only, for {@code /.well-known/jwks.json} and local verification. */
  public JWKSet publicJwks() {
    return publicSet;
  }

  public static ECKey load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      PrivateKey privateKey;
      if (object instanceof PEMKeyPair pair) {
        privateKey = converter.getPrivateKey(pair.getPrivateKeyInfo());
      } else if (object instanceof PrivateKeyInfo info) {
        privateKey = converter.getPrivateKey(info);
      } else {
        throw new IllegalStateException(
            file
                + " is not an EC private key in PEM (\"BEGIN EC PRIVATE KEY\" or \"BEGIN PRIVATE"
                + " KEY\")");
      }
      if (!(privateKey instanceof ECPrivateKey ecPrivate)
          || ecPrivate.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalStateException(file + " must hold an EC P-256 key");
      }
      ECPublicKey publicKey = publicOf(ecPrivate);
      ECPrivateKey privateKeyEc = ecPrivate;
      ECKey key = new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKeyEc).build();
      return new ECKey.Builder(key)
          .keyID(key.computeThumbprint().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read signing key " + file, e);
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot use signing key " + file, e);
    }
  }

  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), the form openssl and every JDK read. */
  public static String pkcs8Pem(PrivateKey key) {
    String base64 =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
  }

  /** Q = d·G: SEC1 files may omit the public key, PKCS#8 files always do. */
  private static ECPublicKey publicOf(ECPrivateKey privateKey) throws GeneralSecurityException {
    X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
    org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(privateKey.getS()).normalize();
    ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, privateKey.getParams()));
  }

  private static Path devKey(Path file) {
    if (Files.exists(file)) {
      return file;
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      String pem = pkcs8Pem(pair.getPrivate());
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "signing-key", ".tmp");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp, pem, StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      log.info("dev profile: generated a token signing key at {}", file);
      return file;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev signing key to " + file, e);
    }
  }
}
