package io.parley.contracts.kafka;

import com.google.protobuf.MessageLite;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any event as its Protocol Buffers binary encoding. Usable by class name in Kafka
 * configuration ({@code value.serializer}).
 */
public final class ProtobufSerializer implements Serializer<MessageLite> {

  @Override
  public byte[] serialize(String topic, MessageLite data) {
    return data == null ? null : data.toByteArray();
  }
}
