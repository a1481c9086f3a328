package io.parley.loadgen;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code --source-addresses}: a comma-separated list whose items are addresses ({@code
 * 127.0.0.1}) or inclusive IPv4 ranges ({@code 127.0.0.1-127.0.0.4}, or {@code 127.0.0.1-4} for the
 * last byte). One source address gives about 28,000 connections to one server port (the ephemeral
 * port range); each more address gives as many again.
 */
final class SourceAddresses {

  static final int MAX = 4096;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern OCTET = Pattern.compile("\\d{1,3}");

  private SourceAddresses() {}

  static List<InetAddress> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no source addresses given");
    }
    Set<InetAddress> addresses = new LinkedHashSet<>();
    for (String raw : spec.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        throw new IllegalArgumentException("empty item in source addresses '" + spec + "'");
      }
      int dash = item.indexOf('-');
      if (dash < 0) {
        addresses.add(literal(item));
      } else {
        String from = item.substring(0, dash).trim();
        String to = item.substring(dash + 1).trim();
        if (OCTET.matcher(to).matches() && IPV4.matcher(from).matches()) {
          to = from.substring(0, from.lastIndexOf('.') + 1) + to;
        }
        long first = ipv4(from, item);
        long last = ipv4(to, item);
        if (last < first) {
          throw new IllegalArgumentException("range '" + item + "' ends before it starts");
        }
        if (last - first + 1 > MAX) {
          throw new IllegalArgumentException(
              "range '" + item + "' has more than " + MAX + " addresses");
        }
        for (long a = first; a <= last; a++) {
          addresses.add(toAddress(a));
        }
      }
      if (addresses.size() > MAX) {
        throw new IllegalArgumentException("more than " + MAX + " source addresses");
      }
    }
    return List.copyOf(new ArrayList<>(addresses));
  }

  private static InetAddress literal(String item) {
    if (!IPV4.matcher(item).matches() && !item.contains(":")) {
      throw new IllegalArgumentException(
          "'" + item + "' is not an IP address (host names are not resolved here)");
    }
    if (IPV4.matcher(item).matches()) {
      return toAddress(ipv4(item, item));
    }
    try {
      return InetAddress.getByName(item);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + item + "' is not an IP address");
    }
  }

  private static long ipv4(String text, String item) {
    if (!IPV4.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' in '" + item + "' is not an IPv4 address (ranges are IPv4 only)");
    }
    long value = 0;
    for (String octet : text.split("\\.")) {
      int part = Integer.parseInt(octet);
      if (part > 255) {
        throw new IllegalArgumentException("'" + text + "' has a byte above 255");
      }
      value = (value << 8) | part;
    }
    return value;
  }

  private static InetAddress toAddress(long value) {
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
