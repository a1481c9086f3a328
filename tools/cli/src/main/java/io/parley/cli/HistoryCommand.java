package io.parley.cli;

import io.parley.client.Message;
import io.parley.client.ParleyClient;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code history TO}: the conversation as this device stored it, oldest first, with the status of
 * own messages. Reads the local store only (a phone number is looked up on the server); marks
 * nothing read.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Print the stored conversation with TO, oldest first.")
final class HistoryCommand implements Callable<Integer> {

  @ParentCommand ParleyCli cli;

  @Parameters(
      index = "0",
      paramLabel = "TO",
      converter = Peer.Converter.class,
      description = "a phone number (+14155550101) or an account id")
  Peer to;

  @Override
  public Integer call() {
    try (DeviceDirectory directory = cli.device();
        ParleyClient client = cli.open(directory)) {
      UUID account = to.resolve(client::lookup, ParleyCli.TIMEOUT);
      List<Message> messages =
          Async.await(client.history(account), ParleyCli.TIMEOUT, "reading the history");
      Terminal out = cli.terminal();
      for (Message m : messages) {
        out.line(out.format().message(m, to.label(), client.deviceId()));
      }
      if (messages.isEmpty()) {
        out.line("no messages with " + to.label() + " yet");
      }
    }
    return 0;
  }
}
