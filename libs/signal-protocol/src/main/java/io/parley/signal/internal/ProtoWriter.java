package io.parley.signal.internal;

import java.io.ByteArrayOutputStream;

/**
 * Writes the protobuf wire format for the few proto2 messages of the protocol (varint and
 * length-delimited fields only). Hand-written so that the library has no protobuf runtime, whose
 * versions would clash with the applications embedding it.
 */
public final class ProtoWriter {

  private final ByteArrayOutputStream out;

  public ProtoWriter(int expectedSize) {
    out = new ByteArrayOutputStream(expectedSize);
  }

  /** Writes one raw byte (the version byte that precedes Signal's protobufs). */
  public ProtoWriter rawByte(int value) {
    out.write(value);
    return this;
  }

  /** A uint32 field. */
  public ProtoWriter uint32(int field, int value) {
    varint((long) field << 3);
    varint(value & 0xFFFFFFFFL);
    return this;
  }

  /** A bytes field. */
  public ProtoWriter bytes(int field, byte[] value) {
    varint(((long) field << 3) | 2);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
