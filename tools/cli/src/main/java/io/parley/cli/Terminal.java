package io.parley.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.ZoneId;

/**
 * Where the client's lines go and where typed lines come from. Every line is flushed at once
 * (scripts and tests read the output as it comes), and lines from different threads never mix.
 */
final class Terminal {

  private final PrintWriter out;
  private final PrintWriter err;
  private final BufferedReader in;
  private final Format format;

  Terminal(Writer out, Writer err, Reader in, Format format) {
    this.out = new PrintWriter(out, false);
    this.err = new PrintWriter(err, false);
    this.in = new BufferedReader(in);
    this.format = format;
  }

  /**
   * The process's standard streams in the encoding the JVM chose for them (from the locale); the
   * status ticks only where that encoding has them.
   */
  static Terminal system() {
    Charset charset = consoleCharset();
    boolean unicode = charset.newEncoder().canEncode("✓✗…\uFFFD");
    // The one place the client touches the standard streams: its output is what it is for.
    return new Terminal(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset),
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), charset),
        new InputStreamReader(new FileInputStream(FileDescriptor.in), charset),
        new Format(Clock.systemDefaultZone(), ZoneId.systemDefault(), unicode));
  }

  /** What {@code System.out} uses on Java 17: {@code sun.stdout.encoding} on a console. */
  private static Charset consoleCharset() {
    String name = System.getProperty("sun.stdout.encoding");
    try {
      return name != null ? Charset.forName(name) : Charset.defaultCharset();
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  Format format() {
    return format;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  void line(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  /** A prompt: no line break, flushed. */
  void prompt(String text) {
    synchronized (out) {
      out.print(text);
      out.flush();
    }
  }

  void error(String text) {
    synchronized (err) {
      err.println(text);
      err.flush();
    }
  }

  /** The next typed line, or null at the end of the input. */
  String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input", e);
    }
  }
}
