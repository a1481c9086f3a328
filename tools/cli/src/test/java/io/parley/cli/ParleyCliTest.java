package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParleyCliTest {

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Terminal terminal =
      new Terminal(
          out, err, new StringReader(""), new Format(Clock.systemUTC(), ZoneOffset.UTC, false));

  private CommandLine.ParseResult parse(Map<String, String> env, String... args) {
    return ParleyCli.commandLine(terminal, env).parseArgs(args);
  }

  private static ParleyCli cli(CommandLine.ParseResult result) {
    return (ParleyCli) result.commandSpec().userObject();
  }

  private static <T> T command(CommandLine.ParseResult result, Class<T> type) {
    return type.cast(result.subcommand().commandSpec().userObject());
  }

  private int run(String... args) {
    return ParleyCli.run(terminal, Map.of(), args);
  }

  @Test
  void globalOptionsGoBeforeOrAfterTheCommand() {
    ParleyCli before = cli(parse(Map.of(), "--dir", "alice", "--server", "http://h:1", "whoami"));
    assertThat(before.dir()).isEqualTo(Path.of("alice"));
    assertThat(before.server()).isEqualTo("http://h:1");

    ParleyCli after = cli(parse(Map.of(), "whoami", "--dir", "bob", "--server", "http://h:2"));
    assertThat(after.dir()).isEqualTo(Path.of("bob"));
    assertThat(after.server()).isEqualTo("http://h:2");
  }

  @Test
  void defaultsComeFromTheEnvironmentThenFromBuiltIns() {
    ParleyCli fromEnv =
        cli(
            parse(
                Map.of("PARLEY_SERVER", "http://edge:9080", "PARLEY_CLI_DIR", "/var/parley/me"),
                "whoami"));
    assertThat(fromEnv.server()).isEqualTo("http://edge:9080");
    assertThat(fromEnv.dir()).isEqualTo(Path.of("/var/parley/me"));

    ParleyCli builtIn = cli(parse(Map.of(), "whoami"));
    assertThat(builtIn.server()).isEqualTo("http://localhost:8080");
    assertThat(builtIn.dir()).isEqualTo(Path.of(".parley/cli/default"));

    ParleyCli flagWins =
        cli(parse(Map.of("PARLEY_SERVER", "http://edge:9080"), "--server", "http://x:1", "whoami"));
    assertThat(flagWins.server()).isEqualTo("http://x:1");
  }

  @Test
  void theServerMustBeAnHttpUrl() {
    assertThat(cli(parse(Map.of(), "--server", "http://localhost:8080", "whoami")).baseUrl())
        .hasToString("http://localhost:8080/");
    assertThatThrownBy(() -> cli(parse(Map.of(), "--server", "ftp://x", "whoami")).baseUrl())
        .isInstanceOf(CliException.class)
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> cli(parse(Map.of(), "--server", "localhost:8080", "whoami")).baseUrl())
        .isInstanceOf(CliException.class);
  }

  @Test
  void sendTakesThePeerAndJoinsTheWordsOfTheText() {
    CommandLine.ParseResult result = parse(Map.of(), "send", "+1 415 555 0101", "Hi", "there");
    SendCommand send = command(result, SendCommand.class);
    assertThat(send.to).isEqualTo(new Peer("+14155550101", null));
    assertThat(String.join(" ", send.words)).isEqualTo("Hi there");
    assertThat(send.timeoutSeconds).isEqualTo(30);
  }

  @Test
  void registerTakesEitherACodeOrTheDevCode() {
    RegisterCommand withCode =
        command(
            parse(Map.of(), "register", "--phone", "+14155550100", "--code", "123456"),
            RegisterCommand.class);
    assertThat(withCode.code.given).isEqualTo("123456");
    assertThat(withCode.name).isEqualTo("cli");

    RegisterCommand dev =
        command(
            parse(
                Map.of(), "register", "--phone", "+14155550100", "--dev-code", "--name", "laptop"),
            RegisterCommand.class);
    assertThat(dev.code.dev).isTrue();
    assertThat(dev.name).isEqualTo("laptop");

    assertThat(run("register", "--phone", "+14155550100", "--code", "1", "--dev-code"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void badArgumentsExitWithTwoAndSayWhy() {
    assertThat(run("register")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--phone=NUMBER'");

    assertThat(run("--dir", temp.resolve("a").toString(), "register", "--phone", "4155550100"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--phone must be a number in international format");
    assertThat(temp.resolve("a")).doesNotExist();

    assertThat(run("chat", "bob")).isEqualTo(2);
    assertThat(err.toString()).contains("'bob' is neither a phone number");

    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("name a command");
  }

  @Test
  void aCommandOnADirectoryWithoutADeviceFailsWithAHintAndCreatesNothing() {
    Path none = temp.resolve("nobody");
    assertThat(run("--dir", none.toString(), "whoami")).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("parley-cli: " + none + " holds no Parley device")
        .contains("register ...` or `link` first");
    assertThat(none).doesNotExist();
  }

  @Test
  void registeringIntoADirectoryThatHoldsADeviceIsRefusedBeforeAnyRequest() throws Exception {
    Path alice = Files.createDirectories(temp.resolve("alice"));
    Files.writeString(alice.resolve("device.json"), "{}");
    assertThat(
            run(
                "--dir",
                alice.toString(),
                "--server",
                "http://127.0.0.1:9",
                "register",
                "--phone",
                "+14155550100",
                "--code",
                "1"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("already holds a device");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnreachableServerIsNamed() {
    assertThat(
            run(
                "--dir",
                temp.resolve("carol").toString(),
                "--server",
                "http://127.0.0.1:9",
                "register",
                "--phone",
                "+14155550100",
                "--code",
                "1"))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("parley-cli: cannot reach http://127.0.0.1:9 (is the platform up? ./parley up)");
  }
}
