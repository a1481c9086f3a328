package io.parley.edge.session;

import java.nio.charset.StandardCharsets;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * The STOMP ERROR for what Spring's STOMP handler refuses before the edge sees a frame: a frame
 * that cannot be parsed or is larger than the transport limit (its end cannot be found, so the
 * session cannot go on) and any frame before CONNECT. Spring closes the socket after it.
 */
@Component
class StompErrors extends StompSubProtocolErrorHandler {

  @Override
  public Message<byte[]> handleClientMessageProcessingError(
      Message<byte[]> clientMessage, Throwable ex) {
    String code;
    String message;
    if (ex instanceof StompConversionException || clientMessage == null) {
      code = "malformed_frame";
      message =
          "the frame is not valid STOMP 1.2, or larger than the transport limit: "
              + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
    } else {
      code = "not_connected";
      message = "send CONNECT with an Authorization header first";
    }
    StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.ERROR);
    headers.setMessage(message);
    headers.setNativeHeader("code", code);
    headers.setLeaveMutable(true);
    String body = "{\"code\":\"" + code + "\"}";
    return MessageBuilder.createMessage(
        body.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders());
  }
}
