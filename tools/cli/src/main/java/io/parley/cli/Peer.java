package io.parley.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Who a command talks to, as the user wrote it: a phone number in international format (looked up
 * in the directory) or an account id. Exactly one of {@code phone} and {@code account} is set.
 */
record Peer(String phone, UUID account) {

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Reads {@code +14155550100} (spaces, dashes, dots and parentheses are dropped, as people write
   * numbers) or an account UUID.
   */
  static Peer parse(String text) {
    String trimmed = text.trim();
    if (UUID_TEXT.matcher(trimmed).matches()) {
      return new Peer(null, UUID.fromString(trimmed));
    }
    String phone = phoneNumber(trimmed);
    if (phone != null) {
      return new Peer(phone, null);
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is neither a phone number in international format (+14155550100) nor an"
            + " account id (a UUID)");
  }

  /** The number in E.164 form, or null if {@code text} is not one. */
  static String phoneNumber(String text) {
    String compact = text.trim().replaceAll("[\\s().-]", "");
    return E164.matcher(compact).matches() ? compact : null;
  }

  /** How output names this peer: the number if the user gave one, else the account id. */
  String label() {
    return phone != null ? phone : account.toString();
  }

  /** The account: given, or looked up by number; a number nobody registered is an error. */
  UUID resolve(Function<String, CompletableFuture<Optional<UUID>>> lookup, Duration timeout) {
    if (account != null) {
      return account;
    }
    return Async.await(lookup.apply(phone), timeout, "looking up " + phone)
        .orElseThrow(() -> new CliException("no Parley account has the number " + phone));
  }

  /** picocli's converter for {@code TO} parameters: a bad value is a usage error (exit 2). */
  static final class Converter implements CommandLine.ITypeConverter<Peer> {
    @Override
    public Peer convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
