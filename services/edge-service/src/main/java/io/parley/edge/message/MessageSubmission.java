package io.parley.edge.message;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.CiphertextType;
import io.parley.contracts.events.v1.DeviceCiphertext;
import io.parley.contracts.events.v1.MessageEvent;
import io.parley.contracts.events.v1.MessageSubmitted;
import io.parley.contracts.events.v1.RecipientMessage;
import io.parley.edge.EdgeProperties;
import io.parley.edge.session.ClientCommand;
import io.parley.edge.session.ClientFrames;
import io.parley.edge.session.EdgeSession;
import io.parley.edge.session.Notice;
import io.parley.mailbox.DeviceDirectory;
import io.parley.runtime.events.EventPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code SEND /app/messages}: checks rate, shape, sizes and every recipient's device list, then
 * writes one {@code MessageSubmitted} to Kafka (key: the sender's account, so a device's messages
 * stay in order) and answers the frame's RECEIPT only once Kafka acknowledged it (acks=all): the
 * "sent" tick. Anything refused is answered at once with a notice, and nothing is produced.
 */
@Component
class MessageSubmission implements ClientCommand {

  private static final Logger log = LoggerFactory.getLogger(MessageSubmission.class);
  private static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final int MAX_REGISTRATION_ID = 0x3fff;
  private static final Map<String, CiphertextType> TYPES =
      Map.of(
          "prekey", CiphertextType.CIPHERTEXT_TYPE_PREKEY,
          "whisper", CiphertextType.CIPHERTEXT_TYPE_WHISPER,
          "sender_key", CiphertextType.CIPHERTEXT_TYPE_SENDER_KEY,
          "plaintext", CiphertextType.CIPHERTEXT_TYPE_PLAINTEXT);

  private final EventPublisher events;
  private final DeviceDirectory directory;
  private final ClientFrames frames;
  private final EdgeProperties properties;
  private final JsonMapper json;
  private final MeterRegistry meters;

  MessageSubmission(
      EventPublisher events,
      DeviceDirectory directory,
      ClientFrames frames,
      EdgeProperties properties,
      JsonMapper json,
      MeterRegistry meters) {
    this.events = events;
    this.directory = directory;
    this.frames = frames;
    this.properties = properties;
    this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    this.meters = meters;
  }

  @Override
  public String destination() {
    return "/app/messages";
  }

  @Override
  public void handle(EdgeSession session, byte[] body, String receiptId) {
    long waitMillis = session.messageRate().tryTake();
    if (waitMillis > 0) {
      refuse(
          session,
          Notice.refusal(
              "rate_limited",
              receiptId,
              "too many messages from this device; retry later",
              Map.of("retryAfterMillis", waitMillis)));
      return;
    }
    SubmitMessage request;
    try {
      request = json.readValue(body, SubmitMessage.class);
    } catch (JacksonException e) {
      refuse(
          session,
          Notice.refusal(
              "malformed_body",
              receiptId,
              "the body is not a message envelope: " + e.getOriginalMessage()));
      return;
    }
    List<String> problems = new ArrayList<>();
    MessageSubmitted.Builder submitted = validate(request, problems);
    if (!problems.isEmpty()) {
      refuse(
          session,
          Notice.refusal(
              "invalid_message",
              receiptId,
              "the message envelope is invalid",
              Map.of("errors", problems)));
      return;
    }
    Optional<Notice> mismatch = checkDevices(session, submitted, receiptId);
    if (mismatch.isPresent()) {
      refuse(session, mismatch.get());
      return;
    }
    var sender = session.device();
    submitted
        .setSender(Events.device(sender.accountId(), sender.deviceId()))
        .setReceiptId(receiptId == null ? "" : receiptId);
    MessageEvent event =
        MessageEvent.newBuilder()
            .setMetadata(events.metadata())
            .setMessageSubmitted(submitted)
            .build();
    events
        .publishAsync(Topics.MESSAGES, sender.accountId().toString(), event)
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                count("accepted");
                frames.receipt(session, receiptId);
              } else {
                count("unavailable");
                log.warn("{}: message not handed to Kafka: {}", session, failure.toString());
                frames.notice(
                    session,
                    Notice.refusal(
                        "unavailable",
                        receiptId,
                        "the message could not be accepted now; send it again (same"
                            + " clientMessageId)"));
              }
            });
  }

  private void refuse(EdgeSession session, Notice notice) {
    count(notice.code());
    frames.notice(session, notice);
  }

  private void count(String outcome) {
    meters.counter("parley.edge.messages.submitted", "outcome", outcome).increment();
  }

  private MessageSubmitted.Builder validate(SubmitMessage request, List<String> problems) {
    MessageSubmitted.Builder submitted = MessageSubmitted.newBuilder();
    if (request == null) {
      problems.add("the body is empty");
      return submitted;
    }
    if (request.clientMessageId() == null
        || !CLIENT_MESSAGE_ID.matcher(request.clientMessageId()).matches()) {
      problems.add("clientMessageId: 1-64 characters of A-Z a-z 0-9 . _ : -");
    } else {
      submitted.setClientMessageId(request.clientMessageId());
    }
    if (request.clientTimestamp() == null || request.clientTimestamp() < 0) {
      problems.add("clientTimestamp: epoch milliseconds, required");
    } else {
      submitted.setClientTimestamp(
          Events.timestamp(Instant.ofEpochMilli(request.clientTimestamp())));
    }
    submitted.setUrgent(Boolean.TRUE.equals(request.urgent()));
    submitted.setEphemeral(Boolean.TRUE.equals(request.ephemeral()));
    List<SubmitMessage.Recipient> recipients = request.recipients();
    if (recipients == null || recipients.isEmpty()) {
      problems.add("recipients: at least one");
      return submitted;
    }
    if (recipients.size() > properties.maxRecipients()) {
      problems.add("recipients: at most " + properties.maxRecipients());
      return submitted;
    }
    Set<UUID> accounts = new HashSet<>();
    for (int r = 0; r < recipients.size(); r++) {
      SubmitMessage.Recipient recipient = recipients.get(r);
      String at = "recipients[" + r + "]";
      if (recipient == null) {
        problems.add(at + ": null");
        continue;
      }
      UUID account = uuid(recipient.accountId());
      if (account == null) {
        problems.add(at + ".accountId: an account UUID");
      } else if (!accounts.add(account)) {
        problems.add(at + ".accountId: listed twice");
      }
      RecipientMessage.Builder message =
          RecipientMessage.newBuilder().setAccountId(account == null ? "" : account.toString());
      validateDevices(recipient.devices(), at, message, problems);
      submitted.addRecipients(message);
    }
    return submitted;
  }

  private void validateDevices(
      List<SubmitMessage.DeviceMessage> devices,
      String at,
      RecipientMessage.Builder message,
      List<String> problems) {
    if (devices == null || devices.isEmpty()) {
      problems.add(at + ".devices: at least one");
      return;
    }
    if (devices.size() > properties.maxDevicesPerRecipient()) {
      problems.add(at + ".devices: at most " + properties.maxDevicesPerRecipient());
      return;
    }
    long maxCiphertext = properties.maxCiphertextBytes().toBytes();
    Set<Integer> seen = new HashSet<>();
    for (int d = 0; d < devices.size(); d++) {
      SubmitMessage.DeviceMessage device = devices.get(d);
      String here = at + ".devices[" + d + "]";
      if (device == null) {
        problems.add(here + ": null");
        continue;
      }
      if (device.deviceId() == null || device.deviceId() < 1) {
        problems.add(here + ".deviceId: at least 1");
      } else if (!seen.add(device.deviceId())) {
        problems.add(here + ".deviceId: listed twice");
      }
      if (device.registrationId() == null
          || device.registrationId() < 1
          || device.registrationId() > MAX_REGISTRATION_ID) {
        problems.add(here + ".registrationId: 1-" + MAX_REGISTRATION_ID);
      }
      CiphertextType type = device.type() == null ? null : TYPES.get(device.type());
      if (type == null) {
        problems.add(here + ".type: one of " + new TreeSet<>(TYPES.keySet()));
      }
      byte[] content = null;
      if (device.content() == null || device.content().isEmpty()) {
        problems.add(here + ".content: base64, required");
      } else if (device.content().length() > (maxCiphertext + 2) / 3 * 4 + 4) {
        problems.add(here + ".content: at most " + maxCiphertext + " bytes");
      } else {
        try {
          content = Base64.getDecoder().decode(device.content());
          if (content.length == 0 || content.length > maxCiphertext) {
            problems.add(here + ".content: 1 to " + maxCiphertext + " bytes");
            content = null;
          }
        } catch (IllegalArgumentException e) {
          problems.add(here + ".content: not base64");
        }
      }
      if (problems.isEmpty()) {
        message.addCiphertexts(
            DeviceCiphertext.newBuilder()
                .setDeviceId(device.deviceId())
                .setRegistrationId(device.registrationId())
                .setType(type)
                .setContent(ByteString.copyFrom(content)));
      }
    }
  }

  private Optional<Notice> checkDevices(
      EdgeSession session, MessageSubmitted.Builder submitted, String receiptId) {
    List<Map<String, Object>> mismatched = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (RecipientMessage recipient : submitted.getRecipientsList()) {
      UUID account = UUID.fromString(recipient.getAccountId());
      boolean own = account.equals(session.device().accountId());
      Optional<Map<Integer, DeviceDirectory.Entry>> reachable = directory.reachableDevices(account);
      if (reachable.isEmpty() || (reachable.get().isEmpty() && !own)) {
        unknown.add(account.toString());
        continue;
      }
      Map<Integer, Integer> encryptedFor = new java.util.HashMap<>();
      for (DeviceCiphertext ciphertext : recipient.getCiphertextsList()) {
        encryptedFor.put(ciphertext.getDeviceId(), ciphertext.getRegistrationId());
      }
      DeviceDirectory.Mismatch mismatch =
          DeviceDirectory.compare(
              reachable.get(), encryptedFor, own ? session.device().deviceId() : null);
      if (!mismatch.isEmpty()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("accountId", account.toString());
        entry.put("missingDevices", mismatch.missingDevices());
        entry.put("extraDevices", mismatch.extraDevices());
        entry.put("staleDevices", mismatch.staleDevices());
        mismatched.add(entry);
      }
    }
    if (!unknown.isEmpty()) {
      return Optional.of(
          Notice.refusal(
              "unknown_recipient",
              receiptId,
              "no such account, or it has no reachable device",
              Map.of("accountIds", unknown)));
    }
    if (!mismatched.isEmpty()) {
      return Optional.of(
          Notice.refusal(
              "device_mismatch",
              receiptId,
              "the devices do not match the recipients' current devices; fetch keys for the"
                  + " missing and stale ones, drop the extra ones, and send again",
              Map.of("recipients", mismatched)));
    }
    return Optional.empty();
  }

  private static UUID uuid(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
