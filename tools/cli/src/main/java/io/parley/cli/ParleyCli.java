package io.parley.cli;

import io.parley.client.ClientConfig;
import io.parley.client.ParleyClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./parley cli [--dir DIR] [--server URL] COMMAND ...}: one Parley device per state
 * directory. Exit codes: 0 done, 1 failed (the reason on stderr), 2 bad arguments.
 */
@Command(
    name = "parley-cli",
    mixinStandardHelpOptions = true,
    version = "parley-cli 0.1.0",
    description = "Parley's terminal client: one device per state directory.",
    subcommands = {
      RegisterCommand.class,
      LinkCommand.class,
      ApproveCommand.class,
      SendCommand.class,
      ChatCommand.class,
      HistoryCommand.class,
      WhoamiCommand.class,
      DevicesCommand.class
    })
public final class ParleyCli implements Runnable {

  static final String DEFAULT_SERVER = "http://localhost:8080";
  static final String DEFAULT_DIR = ".parley/cli/default";

  /** How long a command waits for one answer of the server. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "the device's state directory: keys, sessions, tokens, messages; created by register"
              + " or link (default: $PARLEY_CLI_DIR, else "
              + DEFAULT_DIR
              + ")")
  Path dir;

  @Option(
      names = "--server",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "the platform's public base URL (default: $PARLEY_SERVER, else " + DEFAULT_SERVER + ")")
  String server;

  private final Terminal terminal;
  private final Map<String, String> env;

  ParleyCli(Terminal terminal, Map<String, String> env) {
    this.terminal = terminal;
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(run(Terminal.system(), System.getenv(), args));
  }

  static int run(Terminal terminal, Map<String, String> env, String... args) {
    return commandLine(terminal, env).execute(args);
  }

  static CommandLine commandLine(Terminal terminal, Map<String, String> env) {
    ParleyCli cli = new ParleyCli(terminal, env);
    CommandLine commandLine = new CommandLine(cli);
    // `./parley cli` passes the name it is called by, for usage lines and hints.
    commandLine.setCommandName(System.getProperty("parley.cli.name", "parley-cli"));
    commandLine.setOut(terminal.out());
    commandLine.setErr(terminal.err());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          terminal.error("parley-cli: " + Async.describe(e, cli.server()));
          return 1;
        });
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a command: register, link, approve, send, chat, history, whoami, devices");
  }

  Terminal terminal() {
    return terminal;
  }

  /** What the user calls this program by: {@code ./parley cli} through the launcher. */
  String commandName() {
    return spec.commandLine().getCommandName();
  }

  /** {@code --server}, else {@code $PARLEY_SERVER}, else {@value #DEFAULT_SERVER}. */
  String server() {
    if (server != null) {
      return server;
    }
    String fromEnv = env.get("PARLEY_SERVER");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_SERVER : fromEnv;
  }

  /** {@code --dir}, else {@code $PARLEY_CLI_DIR}, else {@value #DEFAULT_DIR}. */
  Path dir() {
    if (dir != null) {
      return dir;
    }
    String fromEnv = env.get("PARLEY_CLI_DIR");
    return Path.of(fromEnv == null || fromEnv.isBlank() ? DEFAULT_DIR : fromEnv);
  }

  /** The server's base URL, ending in a slash. */
  URI baseUrl() {
    String base = server();
    URI uri;
    try {
      uri = URI.create(base.endsWith("/") ? base : base + "/");
    } catch (IllegalArgumentException e) {
      throw new CliException("--server is not a URL: " + base);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new CliException("--server must be an http:// or https:// URL: " + base);
    }
    return uri;
  }

  ClientConfig config(DeviceDirectory directory, String deviceName) {
    return ClientConfig.of(baseUrl().toString(), directory.path(), deviceName);
  }

  /** The state directory for register and link, made if missing, held by this process. */
  DeviceDirectory newDevice() {
    return DeviceDirectory.lock(dir(), true);
  }

  /** The state directory of a set-up device, held by this process. */
  DeviceDirectory device() {
    if (!ParleyClient.isSetUp(dir())) {
      throw new CliException(
          dir().toAbsolutePath().normalize()
              + " holds no Parley device: run `"
              + commandName()
              + " --dir "
              + dir()
              + " register ...` or `link` first");
    }
    return DeviceDirectory.lock(dir(), false);
  }

  /** The device in {@code directory}, not connected yet. */
  ParleyClient open(DeviceDirectory directory) {
    return ParleyClient.open(config(directory, "cli"));
  }
}
