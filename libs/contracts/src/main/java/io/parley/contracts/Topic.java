package io.parley.contracts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Objects;

/**
 * A Kafka topic and the one envelope message type its records carry. Every record is keyed by an
 * account id (its text form), so that per-account order holds within a partition.
 *
 * @param name the topic's name; a version suffix ({@code .v1}) changes only for a breaking change
 * @param keyDescription what the record key holds, for documentation and error messages
 */
public record Topic<V extends Message>(
    String name, Class<V> valueType, Parser<V> parser, String keyDescription) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(keyDescription, "keyDescription");
  }

  /** Name of the dead-letter topic for records of this topic that cannot be decoded. */
  public String deadLetterName() {
    return name + ".dlt";
  }

  /** Decodes one record value of this topic. */
  public V parse(byte[] value) throws InvalidProtocolBufferException {
    return parser.parseFrom(value);
  }
}
