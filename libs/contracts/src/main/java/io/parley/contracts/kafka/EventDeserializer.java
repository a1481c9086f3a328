package io.parley.contracts.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.parley.contracts.Topic;
import io.parley.contracts.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record of any of Parley's topics into that topic's envelope type, chosen by the record's
 * topic. Usable by class name in Kafka configuration ({@code value.deserializer}); wrap it in
 * Spring Kafka's {@code ErrorHandlingDeserializer} so an undecodable record goes to the dead-letter
 * topic instead of stopping the consumer.
 */
public final class EventDeserializer implements Deserializer<Message> {

  @Override
  public Message deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    Topic<?> known =
        Topics.byName(topic)
            .orElseThrow(() -> new SerializationException("not a Parley topic: " + topic));
    try {
      return known.parse(data);
    } catch (InvalidProtocolBufferException e) {
      throw new SerializationException(
          "undecodable " + known.valueType().getSimpleName() + " on " + topic, e);
    }
  }
}
