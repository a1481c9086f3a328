package io.parley.edge.session;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code SEND /app/auth} with {@code {"accessToken": "..."}}: a fresh token for the session's own
 * device extends the session to the new token's expiry. Answered with a RECEIPT, or a {@code
 * reauth_refused} notice (the session then ends when the old token expires).
 */
@Component
class ReauthCommand implements ClientCommand {

  private final SessionLifecycle lifecycle;
  private final ClientFrames frames;
  private final JsonMapper json;

  ReauthCommand(SessionLifecycle lifecycle, ClientFrames frames, JsonMapper json) {
    this.lifecycle = lifecycle;
    this.frames = frames;
    this.json = json;
  }

  @Override
  public String destination() {
    return "/app/auth";
  }

  @Override
  public void handle(EdgeSession session, byte[] body, String receiptId) {
    String token;
    try {
      JsonNode node = json.readTree(body);
      JsonNode field = node == null ? null : node.get("accessToken");
      token = field != null && field.isString() ? field.asString() : null;
    } catch (JacksonException e) {
      token = null;
    }
    if (token == null) {
      frames.notice(
          session,
          Notice.refusal(
              "malformed_body", receiptId, "expected a JSON object {\"accessToken\": \"...\"}"));
      return;
    }
    lifecycle
        .reauthenticate(session, token, receiptId)
        .ifPresentOrElse(
            refusal -> frames.notice(session, refusal), () -> frames.receipt(session, receiptId));
  }
}
