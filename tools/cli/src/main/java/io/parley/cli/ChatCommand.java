package io.parley.cli;

import io.parley.client.ParleyClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code chat TO}: an interactive conversation. Adds TO to this account's presence contacts and
 * watches its presence, prints the stored history, then everything live; each typed line is sent.
 * {@code /quit} or the end of the input leaves (after what was typed reached the server).
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description =
        "Chat with TO: history, then live messages, receipts, typing and presence; each line"
            + " typed is sent. /typing, /quit, /help.")
final class ChatCommand implements Callable<Integer> {

  /** How long leaving waits for typed messages to reach the server. */
  private static final Duration FLUSH = Duration.ofSeconds(15);

  @ParentCommand ParleyCli cli;

  @Parameters(
      index = "0",
      paramLabel = "TO",
      converter = Peer.Converter.class,
      description = "a phone number (+14155550101) or an account id")
  Peer to;

  @Override
  public Integer call() throws InterruptedException {
    Terminal out = cli.terminal();
    Format format = out.format();
    BlockingQueue<ChatInput> inputs = new LinkedBlockingQueue<>();
    Conversation conversation;
    try (DeviceDirectory directory = cli.device();
        ParleyClient client = cli.open(directory)) {
      UUID peer = to.resolve(client::lookup, ParleyCli.TIMEOUT);
      // Presence: with the default privacy setting `contacts` the peer sees us only if we list it.
      Async.await(
          client.setContacts(directory.contacts().add(peer)),
          ParleyCli.TIMEOUT,
          "updating the contact list");
      conversation =
          new Conversation(
              client,
              peer,
              to.label(),
              out,
              directory.readMarks(),
              () -> inputs.add(new ChatInput.Quit()));
      client.addListener(conversation);
      Async.await(client.watchPresence(List.of(peer)), ParleyCli.TIMEOUT, "watching presence");
      conversation.showHistory(
          Async.await(client.history(peer), ParleyCli.TIMEOUT, "reading the history"));
      Connect.within(client, ParleyCli.TIMEOUT, cli.server());
      out.line(
          format.notice(
              "chatting with "
                  + to.label()
                  + " as device "
                  + client.deviceId()
                  + " of "
                  + (client.phoneNumber() != null ? client.phoneNumber() : client.accountId())
                  + "; /help for commands"));
      readInput(out, inputs);
      loop(out, inputs, conversation);
      conversation.finish(FLUSH);
      Async.await(client.disconnect(), ParleyCli.TIMEOUT, "disconnecting");
      out.line(format.notice("left the chat"));
    }
    return conversation.ended() ? 1 : 0;
  }

  private static void loop(Terminal out, BlockingQueue<ChatInput> inputs, Conversation conversation)
      throws InterruptedException {
    Format format = out.format();
    while (true) {
      ChatInput input = inputs.take();
      if (input instanceof ChatInput.Quit) {
        return;
      } else if (input instanceof ChatInput.Send send) {
        conversation.send(send.text());
      } else if (input instanceof ChatInput.Typing) {
        conversation.typing();
      } else if (input instanceof ChatInput.Help) {
        out.line(ChatInput.HELP);
      } else if (input instanceof ChatInput.Unknown unknown) {
        out.line(format.notice("unknown command " + unknown.command() + "; /help"));
      }
    }
  }

  /** Typed lines on a thread of their own, so that the server ending the session ends the chat. */
  private static void readInput(Terminal out, BlockingQueue<ChatInput> inputs) {
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  inputs.add(ChatInput.parse(line));
                }
              } catch (RuntimeException e) {
                out.error("parley-cli: " + e.getMessage());
              } finally {
                inputs.add(new ChatInput.Quit());
              }
            },
            "parley-cli-input");
    reader.setDaemon(true);
    reader.start();
  }
}
