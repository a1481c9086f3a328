package io.parley.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What travels inside the Signal ciphertext: a small JSON object, padded to a multiple of 160 bytes
 * (a 0x80 byte, then zeros, as Signal pads) so the ciphertext's length says little about the text.
 *
 * <pre>
 * {"type":"text","id":"&lt;client message id&gt;","body":"Hi","sentAt":1764249600000}
 * {"type":"text",...,"destination":"&lt;account&gt;"}     a sync copy for the sender's other devices
 * {"type":"read","ids":["&lt;client message id&gt;",...]}  read receipt
 * {"type":"typing","typing":true}                     typing (sent ephemeral)
 * </pre>
 */
public final class Content {

  private static final int BLOCK = 160;

  private Content() {}

  public static ObjectNode text(String id, String body, long sentAt) {
    return Rest.JSON
        .createObjectNode()
        .put("type", "text")
        .put("id", id)
        .put("body", body)
        .put("sentAt", sentAt);
  }

  public static byte[] encode(JsonNode content) {
    byte[] json = Rest.JSON.writeValueAsBytes(content);
    int length = (json.length + 1 + BLOCK - 1) / BLOCK * BLOCK;
    byte[] padded = Arrays.copyOf(json, length);
    padded[json.length] = (byte) 0x80;
    return padded;
  }

  public static JsonNode decode(byte[] padded) {
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != (byte) 0x80) {
      throw new IllegalArgumentException("content is not padded");
    }
    JsonNode node = Rest.JSON.readTree(new String(padded, 0, end, StandardCharsets.UTF_8));
    if (!node.isObject() || !node.path("type").isString()) {
      throw new IllegalArgumentException("content has no type");
    }
    return node;
  }
}
