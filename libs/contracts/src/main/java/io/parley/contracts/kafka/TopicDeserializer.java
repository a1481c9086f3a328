package io.parley.contracts.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.parley.contracts.Topic;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads the records of one topic into its envelope type, for consumers of a single topic. */
public final class TopicDeserializer<V extends Message> implements Deserializer<V> {

  private final Topic<V> topic;

  public TopicDeserializer(Topic<V> topic) {
    this.topic = topic;
  }

  @Override
  public V deserialize(String topicName, byte[] data) {
    if (data == null) {
      return null;
    }
    if (!topic.name().equals(topicName)) {
      throw new SerializationException(
          "deserializer for " + topic.name() + " was given a record of " + topicName);
    }
    try {
      return topic.parse(data);
    } catch (InvalidProtocolBufferException e) {
      throw new SerializationException(
          "undecodable " + topic.valueType().getSimpleName() + " on " + topicName, e);
    }
  }
}
