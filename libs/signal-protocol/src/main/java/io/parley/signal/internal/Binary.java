package io.parley.signal.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Our own storage encoding (not a wire format): length-prefixed byte strings and big-endian
 * integers through Data streams, with a format tag so a store can refuse what it cannot read.
 */
public final class Binary {

  private Binary() {}

  /** Writes through {@code body} and returns the bytes. */
  public static byte[] write(IoConsumer<DataOutputStream> body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.accept(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** A stream over {@code bytes}. */
  public static DataInputStream reader(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  public static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  public static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("byte string of length " + length + " runs past the end");
    }
    byte[] value = new byte[length];
    in.readFully(value);
    return value;
  }

  public static void writeNullableBytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writeBytes(out, value);
    }
  }

  public static byte[] readNullableBytes(DataInputStream in) throws IOException {
    return in.readBoolean() ? readBytes(in) : null;
  }

  public static void writeNullableInt(DataOutputStream out, Integer value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeInt(value);
    }
  }

  public static Integer readNullableInt(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readInt() : null;
  }

  /** A consumer that may throw {@link IOException}. */
  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T value) throws IOException;
  }
}
