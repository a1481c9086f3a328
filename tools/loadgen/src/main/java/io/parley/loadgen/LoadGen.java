package io.parley.loadgen;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loadgen sessions ...}, {@code loadgen messages ...}: see tools/loadgen/README.md. */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = "Parley's load generator: drives a running platform from outside.",
    subcommands = {SessionsCommand.class, MessagesCommand.class})
public final class LoadGen implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: sessions, messages");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGen()).execute(args));
  }
}
