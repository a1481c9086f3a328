package io.parley.edge.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the edge tells a client on {@code /user/queue/events}: the answer to a frame it refused
 * (with the frame's {@code receipt} id), or a server notice. The session goes on; only what ends a
 * session is a STOMP ERROR. Codes: docs/stomp.md.
 *
 * @param code what happened, e.g. {@code device_mismatch}, {@code rate_limited}
 * @param receiptId the {@code receipt} header of the frame this answers, if it had one
 * @param message a sentence for people
 * @param details what a client needs to act, per code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notice(String code, String receiptId, String message, Map<String, ?> details) {

  public static Notice refusal(String code, String receiptId, String message) {
    return new Notice(code, receiptId, message, null);
  }

  public static Notice refusal(
      String code, String receiptId, String message, Map<String, ?> details) {
    return new Notice(code, receiptId, message, details);
  }
}
