package io.parley.cli;

/**
 * What a typed line of {@code chat} means: a message, or a command starting with {@code /}. A
 * message that itself starts with {@code /} is typed with two: {@code //shrug} sends {@code
 * /shrug}.
 */
sealed interface ChatInput {

  record Send(String text) implements ChatInput {}

  record Typing() implements ChatInput {}

  record Quit() implements ChatInput {}

  record Help() implements ChatInput {}

  /** An empty line: nothing to do. */
  record Nothing() implements ChatInput {}

  record Unknown(String command) implements ChatInput {}

  static ChatInput parse(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      return new Nothing();
    }
    if (text.startsWith("//")) {
      return new Send(text.substring(1));
    }
    if (!text.startsWith("/")) {
      return new Send(text);
    }
    String command = text.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
    return switch (command) {
      case "/quit", "/exit", "/q" -> new Quit();
      case "/typing", "/t" -> new Typing();
      case "/help", "/?" -> new Help();
      default -> new Unknown(command);
    };
  }

  String HELP =
      "Type a message and press Enter to send it. /typing tells the peer you are typing,"
          + " /quit (or end of input) leaves, //text sends a text starting with /.";
}
