package io.parley.signal.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the protobuf wire format of a flat proto2 message into its fields: the last occurrence of a
 * field wins (as protobuf says for scalars), unknown fields are skipped, and anything truncated or
 * malformed is an {@link IllegalArgumentException} the caller turns into its typed exception.
 */
public final class ProtoReader {

  private final Map<Integer, Long> varints = new HashMap<>();
  private final Map<Integer, byte[]> lengthDelimited = new HashMap<>();

  private ProtoReader() {}

  /** Parses {@code data[offset, offset + length)}. */
  public static ProtoReader parse(byte[] data, int offset, int length) {
    ProtoReader reader = new ProtoReader();
    int[] position = {offset};
    int end = offset + length;
    while (position[0] < end) {
      long key = readVarint(data, position, end);
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      if (field <= 0) {
        throw new IllegalArgumentException("field number " + field);
      }
      switch (wireType) {
        case 0 -> reader.varints.put(field, readVarint(data, position, end));
        case 1 -> skip(position, 8, end);
        case 2 -> {
          long size = readVarint(data, position, end);
          if (size < 0 || size > end - position[0]) {
            throw new IllegalArgumentException("field " + field + " runs past the end");
          }
          byte[] value = new byte[(int) size];
          System.arraycopy(data, position[0], value, 0, (int) size);
          position[0] += (int) size;
          reader.lengthDelimited.put(field, value);
        }
        case 5 -> skip(position, 4, end);
        default -> throw new IllegalArgumentException("wire type " + wireType);
      }
    }
    return reader;
  }

  private static void skip(int[] position, int count, int end) {
    if (end - position[0] < count) {
      throw new IllegalArgumentException("truncated fixed-width field");
    }
    position[0] += count;
  }

  private static long readVarint(byte[] data, int[] position, int end) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position[0] >= end) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte b = data[position[0]++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  /** A uint32 field, or {@code null} if absent. */
  public Integer uint32(int field) {
    Long value = varints.get(field);
    return value == null ? null : (int) (long) value;
  }

  /** A bytes field, or {@code null} if absent. */
  public byte[] bytes(int field) {
    return lengthDelimited.get(field);
  }
}
