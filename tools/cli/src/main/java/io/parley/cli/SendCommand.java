package io.parley.cli;

import io.parley.client.Message;
import io.parley.client.ParleyClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code send TO TEXT...}: connects, sends one message, waits until the server has it (SENT),
 * prints {@code sent <message id>} and exits 0; any failure exits 1 with the reason.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = "Send one message and wait until the server has it.")
final class SendCommand implements Callable<Integer> {

  private static final Pattern FAILED =
      Pattern.compile("message (\\S+) (FAILED|REJECTED): (.*)", Pattern.DOTALL);

  @ParentCommand ParleyCli cli;

  @Parameters(
      index = "0",
      paramLabel = "TO",
      converter = Peer.Converter.class,
      description = "a phone number (+14155550101) or an account id")
  Peer to;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "TEXT",
      description = "the message; several words are joined with spaces")
  List<String> words;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "how long to wait for the connection, then for SENT (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Override
  public Integer call() {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    String text = String.join(" ", words);
    try (DeviceDirectory directory = cli.device();
        ParleyClient client = cli.open(directory)) {
      UUID account = to.resolve(client::lookup, timeout);
      Connect.within(client, timeout, cli.server());
      Message sent;
      try {
        sent = Async.await(client.send(account, text), timeout, "sending");
      } catch (IllegalStateException e) {
        throw notSent(e);
      }
      cli.terminal().line("sent " + sent.id());
      Async.await(client.disconnect(), timeout, "disconnecting");
    }
    return 0;
  }

  /** The SDK's {@code message <id> FAILED: <reason>} said for a user. */
  static RuntimeException notSent(IllegalStateException e) {
    Matcher m = FAILED.matcher(String.valueOf(e.getMessage()));
    if (!m.matches()) {
      return e;
    }
    return new CliException(
        "not sent: "
            + m.group(2).toLowerCase(Locale.ROOT)
            + " ("
            + m.group(3)
            + "), message id "
            + m.group(1),
        e);
  }
}
