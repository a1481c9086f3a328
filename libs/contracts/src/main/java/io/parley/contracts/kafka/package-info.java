/** Kafka serializer and deserializer for Parley's Protocol Buffers events. */
package io.parley.contracts.kafka;
