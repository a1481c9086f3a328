package io.parley.signal.internal;

import java.util.Arrays;

/**
 * Writes the protobuf wire format for the few proto2 messages of the protocol (varint and
 * length-delimited fields only) into one growing array. Hand-written so that the library has no
 * protobuf runtime, whose versions would clash with the applications embedding it.
 */
public final class ProtoWriter {

  private byte[] buffer;
  private int position;

  public ProtoWriter(int expectedSize) {
    buffer = new byte[Math.max(expectedSize, 16)];
  }

  /** Writes one raw byte (the version byte that precedes Signal's protobufs). */
  public ProtoWriter rawByte(int value) {
    ensure(1);
    buffer[position++] = (byte) value;
    return this;
  }

  /** Writes raw bytes (a MAC after the protobuf). */
  public ProtoWriter raw(byte[] value, int offset, int length) {
    ensure(length);
    System.arraycopy(value, offset, buffer, position, length);
    position += length;
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
    return raw(value, 0, value.length);
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
  }

  private void ensure(int more) {
    if (position + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
    }
  }

  /** The bytes written so far, without copying: valid up to {@link #size()}. */
  public byte[] buffer() {
    return buffer;
  }

  public int size() {
    return position;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, position);
  }
}
