package io.parley.push.fcm.internal;

import io.parley.push.credentials.Secret;
import io.parley.push.crypto.Pem;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Google service-account key (the JSON downloaded from the Firebase console) that
 * the OAuth 2.0 JWT grant needs. {@link #toString()} shows no key.
 */
public record ServiceAccount(
    String projectId,
    String clientEmail,
    String privateKeyId,
    RSAPrivateKey privateKey,
    URI tokenUri) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final URI GOOGLE_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");

  /** Reads the key; the messages name the missing field, never any content. */
  public static ServiceAccount parse(Secret json) {
    JsonNode node;
    try {
      node = JSON.readTree(json.reveal());
    } catch (JacksonException e) {
      throw new IllegalStateException("the FCM service-account key is not JSON");
    }
    String type = text(node, "type");
    if (!"service_account".equals(type)) {
      throw new IllegalStateException(
          "the FCM service-account key must have \"type\": \"service_account\"");
    }
    RSAPrivateKey key =
        (RSAPrivateKey)
            Pem.privateKey(
                required(node, "private_key"), "RSA", "the service account's private_key");
    String tokenUri = text(node, "token_uri");
    return new ServiceAccount(
        text(node, "project_id"),
        required(node, "client_email"),
        text(node, "private_key_id"),
        key,
        tokenUri == null ? GOOGLE_TOKEN_URI : URI.create(tokenUri));
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("the FCM service-account key has no " + field);
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null ? null : value.stringValue(null);
  }

  @Override
  public String toString() {
    return "ServiceAccount[" + clientEmail + ", project " + projectId + "]";
  }
}
