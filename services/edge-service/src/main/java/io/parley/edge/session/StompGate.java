package io.parley.edge.session;

import io.parley.edge.EdgeProperties;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Every client frame passes here before Spring's broker sees it. CONNECT is authenticated; the edge
 * handles SUBSCRIBE, UNSUBSCRIBE, SEND, ACK and NACK itself and forwards only CONNECT, DISCONNECT
 * and heart-beats to the simple broker (which answers CONNECTED, keeps heart-beats and answers
 * DISCONNECT receipts). A refused frame is answered with a {@link Notice} on {@code
 * /user/queue/events} and goes no further; the session goes on.
 *
 * <p>Runs in order per session (receive order is preserved), on the thread that delivered the
 * frame: nothing here waits on Kafka.
 */
@Component
class StompGate implements ChannelInterceptor {

  private static final Logger log = LoggerFactory.getLogger(StompGate.class);

  private final SessionLifecycle lifecycle;
  private final SessionRegistry registry;
  private final ClientFrames frames;
  private final AckHandler acks;
  private final Map<String, ClientCommand> commands;
  private final SessionListeners listeners;
  private final long maxFrameBytes;

  StompGate(
      SessionLifecycle lifecycle,
      SessionRegistry registry,
      ClientFrames frames,
      AckHandler acks,
      List<ClientCommand> commands,
      SessionListeners listeners,
      EdgeProperties properties) {
    this.listeners = listeners;
    this.lifecycle = lifecycle;
    this.registry = registry;
    this.frames = frames;
    this.acks = acks;
    this.commands =
        commands.stream()
            .collect(Collectors.toUnmodifiableMap(ClientCommand::destination, Function.identity()));
    this.maxFrameBytes = properties.maxFrameBytes().toBytes();
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    StompHeaderAccessor frame =
        MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
    if (frame == null || frame.getCommand() == null) {
      return message; // heart-beat
    }
    StompCommand command = frame.getCommand();
    if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
      return lifecycle.connect(frame) ? message : null;
    }
    if (command == StompCommand.DISCONNECT) {
      return message;
    }
    EdgeSession session = registry.bySession(frame.getSessionId()).orElse(null);
    if (session == null || session.endReason() != null) {
      return null; // refused or ending: nothing more is read
    }
    byte[] body = message.getPayload() instanceof byte[] bytes ? bytes : new byte[0];
    String receipt = frame.getReceipt();
    switch (command) {
      case SUBSCRIBE -> subscribe(session, frame, receipt);
      case UNSUBSCRIBE -> unsubscribe(session, frame, receipt);
      case SEND -> send(session, frame.getDestination(), body, receipt);
      case ACK ->
          guarded(
              session,
              "ACK",
              receipt,
              () -> acks.ack(session, frame.getFirstNativeHeader("id"), receipt));
      case NACK ->
          guarded(
              session,
              "NACK",
              receipt,
              () -> acks.nack(session, frame.getFirstNativeHeader("id"), receipt));
      default ->
          frames.notice(
              session,
              Notice.refusal(
                  "unsupported_frame", receipt, command + " frames are not accepted from clients"));
    }
    return null;
  }

  private void subscribe(EdgeSession session, StompHeaderAccessor frame, String receipt) {
    String destination = frame.getDestination();
    String id = frame.getSubscriptionId();
    String requiredAck = destination == null ? null : Destinations.SUBSCRIBABLE.get(destination);
    if (id == null || id.isBlank() || destination == null) {
      notice(session, "malformed_frame", receipt, "SUBSCRIBE needs an id and a destination");
    } else if (requiredAck == null) {
      boolean otherDevice =
          destination.startsWith("/user/") && !destination.startsWith("/user/queue/");
      notice(
          session,
          otherDevice ? "forbidden_destination" : "unknown_destination",
          receipt,
          otherDevice
              ? "a session may subscribe only to its own device's queues (/user/queue/...)"
              : "no such destination: " + destination,
          Map.of("destination", destination));
    } else if (!requiredAck.isEmpty() && !requiredAck.equals(frame.getFirstNativeHeader("ack"))) {
      notice(
          session,
          "ack_mode_required",
          receipt,
          destination + " needs the header ack:" + requiredAck,
          Map.of("destination", destination, "ack", requiredAck));
    } else if (!session.subscribe(destination, id)) {
      notice(
          session,
          "already_subscribed",
          receipt,
          "this session is already subscribed to " + destination,
          Map.of("destination", destination));
    } else {
      frames.receipt(session, receipt);
      listeners.subscribed(session, destination);
    }
  }

  private void unsubscribe(EdgeSession session, StompHeaderAccessor frame, String receipt) {
    String id = frame.getSubscriptionId();
    String destination = id == null ? null : session.unsubscribe(id);
    if (destination == null) {
      notice(session, "unknown_subscription", receipt, "no subscription has that id");
    } else {
      frames.receipt(session, receipt);
      listeners.unsubscribed(session, destination);
    }
  }

  private void send(EdgeSession session, String destination, byte[] body, String receipt) {
    ClientCommand command = destination == null ? null : commands.get(destination);
    if (command == null) {
      notice(
          session,
          "unknown_destination",
          receipt,
          "no such destination: " + destination,
          destination == null ? Map.of() : Map.of("destination", destination));
      return;
    }
    if (body.length > maxFrameBytes) {
      notice(
          session,
          "frame_too_large",
          receipt,
          "the frame body has "
              + body.length
              + " bytes; at most "
              + maxFrameBytes
              + " are accepted",
          Map.of("maxFrameBytes", maxFrameBytes));
      return;
    }
    try {
      command.handle(session, body, receipt);
    } catch (RuntimeException e) {
      log.error("{}: {} failed", session, destination, e);
      notice(session, "internal_error", receipt, "the frame could not be handled; retry");
    }
  }

  /** Every frame gets an answer: a failure (Redis or Kafka down) becomes a notice, not silence. */
  private void guarded(EdgeSession session, String what, String receipt, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("{}: {} failed: {}", session, what, e.toString());
      notice(session, "unavailable", receipt, what + " could not be handled now; send it again");
    }
  }

  private void notice(EdgeSession session, String code, String receipt, String message) {
    frames.notice(session, Notice.refusal(code, receipt, message));
  }

  private void notice(
      EdgeSession session, String code, String receipt, String message, Map<String, ?> details) {
    frames.notice(session, Notice.refusal(code, receipt, message, details));
  }
}
