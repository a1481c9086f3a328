package io.parley.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.AccountRegistered;
import io.parley.contracts.events.v1.CiphertextType;
import io.parley.contracts.events.v1.DeviceCiphertext;
import io.parley.contracts.events.v1.MessageEvent;
import io.parley.contracts.events.v1.MessageSubmitted;
import io.parley.contracts.events.v1.RecipientMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

  private final Clock clock =
      Clock.fixed(Instant.parse("2026-11-27T10:00:00.123456789Z"), ZoneOffset.UTC);
  private final ProtobufSerializer serializer = new ProtobufSerializer();
  private final EventDeserializer deserializer = new EventDeserializer();
  private final UUID sender = UUID.fromString("7d3c1c3e-9a55-4d59-9c1f-1f0b1c2d3e4f");

  private MessageEvent submitted() {
    return MessageEvent.newBuilder()
        .setMetadata(Events.metadata(clock, "edge-service", "edge-1"))
        .setMessageSubmitted(
            MessageSubmitted.newBuilder()
                .setSender(Events.device(sender, 2))
                .setClientMessageId("c-1")
                .setClientTimestamp(Events.timestamp(clock.instant()))
                .addRecipients(
                    RecipientMessage.newBuilder()
                        .setAccountId(UUID.randomUUID().toString())
                        .addCiphertexts(
                            DeviceCiphertext.newBuilder()
                                .setDeviceId(1)
                                .setRegistrationId(4711)
                                .setType(CiphertextType.CIPHERTEXT_TYPE_PREKEY)
                                .setContent(ByteString.copyFrom(new byte[] {1, 2, 3})))))
        .build();
  }

  @Test
  void decodesEachRecordIntoTheEnvelopeTypeOfItsTopic() {
    MessageEvent event = submitted();
    byte[] bytes = serializer.serialize(Topics.MESSAGES.name(), event);

    Message decoded = deserializer.deserialize(Topics.MESSAGES.name(), bytes);

    assertThat(decoded).isInstanceOf(MessageEvent.class).isEqualTo(event);
    assertThat(Events.instant(((MessageEvent) decoded).getMetadata().getOccurredAt()))
        .isEqualTo(clock.instant());
  }

  @Test
  void singleTopicDeserializerRefusesRecordsOfAnotherTopic() {
    TopicDeserializer<AccountEvent> accounts = new TopicDeserializer<>(Topics.ACCOUNTS);
    byte[] bytes = serializer.serialize(Topics.MESSAGES.name(), submitted());

    assertThatThrownBy(() -> accounts.deserialize(Topics.MESSAGES.name(), bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("parley.accounts.v1");
  }

  @Test
  void refusesUndecodableBytesWithTheTopicInTheMessage() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};

    assertThatThrownBy(() -> deserializer.deserialize(Topics.ACCOUNTS.name(), garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("AccountEvent")
        .hasMessageContaining("parley.accounts.v1");
  }

  @Test
  void refusesRecordsOfTopicsThatAreNotParleys() {
    assertThatThrownBy(() -> deserializer.deserialize("someone.else", new byte[] {8, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("someone.else");
  }

  @Test
  void passesNullThroughForTombstones() {
    assertThat(serializer.serialize(Topics.ACCOUNTS.name(), null)).isNull();
    assertThat(deserializer.deserialize(Topics.ACCOUNTS.name(), null)).isNull();
  }

  @Test
  void oldConsumersReadEventsWithFieldsTheyDoNotKnowYet() {
    // A newer producer added field 99 to AccountRegistered; this build has never heard of it.
    AccountRegistered withFutureField =
        AccountRegistered.newBuilder()
            .setAccountId(sender.toString())
            .setPrimaryDeviceId(1)
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        99,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("future"))
                            .build())
                    .build())
            .build();
    AccountEvent event =
        AccountEvent.newBuilder()
            .setMetadata(Events.metadata(clock, "auth-service", "auth-1"))
            .setAccountRegistered(withFutureField)
            .build();

    AccountEvent decoded =
        (AccountEvent) deserializer.deserialize(Topics.ACCOUNTS.name(), event.toByteArray());

    assertThat(decoded.getAccountRegistered().getAccountId()).isEqualTo(sender.toString());
    assertThat(decoded.getAccountRegistered().getPrimaryDeviceId()).isEqualTo(1);
  }

  @Test
  void oldConsumersSeeAnUnknownEventKindAsNotSetInsteadOfFailing() {
    // A newer producer added a new oneof case (field 50) to AccountEvent.
    AccountEvent future =
        AccountEvent.newBuilder()
            .setMetadata(Events.metadata(clock, "auth-service", "auth-1"))
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        50,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFrom(new byte[] {10, 1, 65}))
                            .build())
                    .build())
            .build();

    AccountEvent decoded =
        (AccountEvent) deserializer.deserialize(Topics.ACCOUNTS.name(), future.toByteArray());

    assertThat(decoded.getEventCase()).isEqualTo(AccountEvent.EventCase.EVENT_NOT_SET);
    assertThat(decoded.getMetadata().getProducer()).isEqualTo("auth-service");
  }
}
