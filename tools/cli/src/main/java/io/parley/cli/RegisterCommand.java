package io.parley.cli;

import io.parley.client.ParleyClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code register --phone +14155550100 [--name NAME] [--code CODE | --dev-code]}: a new account
 * with this directory's device as its primary. The code comes from {@code --code}, from the dev
 * profile's endpoint with {@code --dev-code}, or is asked for on the input.
 */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = "Register a phone number: a new account whose primary device is this one.")
final class RegisterCommand implements Callable<Integer> {

  @ParentCommand ParleyCli cli;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--phone",
      required = true,
      paramLabel = "NUMBER",
      description = "the phone number, international format: +14155550100")
  String phone;

  @Option(
      names = "--name",
      defaultValue = "cli",
      paramLabel = "NAME",
      description = "this device's name in the account's device list (default: ${DEFAULT-VALUE})")
  String name;

  @ArgGroup(exclusive = true)
  CodeSource code;

  static final class CodeSource {
    @Option(names = "--code", paramLabel = "CODE", description = "the verification code received")
    String given;

    @Option(
        names = "--dev-code",
        description =
            "read the code from the platform's dev-only endpoint (GET"
                + " /v1/dev/verification-codes/{number}; dev profile, as on ./parley up)")
    boolean dev;
  }

  @Override
  public Integer call() {
    String number = Peer.phoneNumber(phone);
    if (number == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--phone must be a number in international format, like +14155550100: " + phone);
    }
    Terminal out = cli.terminal();
    try (DeviceDirectory directory = cli.newDevice()) {
      if (ParleyClient.isSetUp(directory.path())) {
        throw new CliException(
            directory.path() + " already holds a device; use another --dir for another one");
      }
      ParleyClient.Registration registration = ParleyClient.register(cli.config(directory, name));
      Async.await(
          registration.requestCode(number), ParleyCli.TIMEOUT, "requesting a verification code");
      out.line("verification code requested for " + number);
      String verificationCode = code(number, out);
      try (ParleyClient client =
          Async.await(registration.complete(verificationCode), ParleyCli.TIMEOUT, "registering")) {
        out.line("registered " + number);
        out.line("account " + client.accountId());
        out.line("device " + client.deviceId());
      }
    }
    return 0;
  }

  private String code(String number, Terminal out) {
    if (code != null && code.given != null) {
      return code.given.trim();
    }
    if (code != null && code.dev) {
      return new DevCodes(cli.baseUrl()).fetch(number, Duration.ofSeconds(5));
    }
    out.prompt("code sent to " + number + ": ");
    String typed = out.readLine();
    if (typed == null || typed.isBlank()) {
      throw new CliException("no verification code given");
    }
    return typed.trim();
  }
}
