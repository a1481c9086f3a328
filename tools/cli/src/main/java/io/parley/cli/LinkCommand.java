package io.parley.cli;

import io.parley.client.ParleyClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code link [--name NAME]}: makes this (new) directory's device a linked device of an existing
 * account. Prints the {@code parley://link?...} URI for the primary's {@code approve}, then waits.
 */
@Command(
    name = "link",
    mixinStandardHelpOptions = true,
    description =
        "Link this new device to an existing account: prints a parley://link URI to approve on"
            + " the primary device, then waits for it.")
final class LinkCommand implements Callable<Integer> {

  @ParentCommand ParleyCli cli;

  @Option(
      names = "--name",
      defaultValue = "cli",
      paramLabel = "NAME",
      description = "this device's name in the account's device list (default: ${DEFAULT-VALUE})")
  String name;

  @Option(
      names = "--wait",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description = "how long to wait for the approval (default: ${DEFAULT-VALUE})")
  long waitSeconds;

  @Override
  public Integer call() {
    Terminal out = cli.terminal();
    try (DeviceDirectory directory = cli.newDevice()) {
      if (ParleyClient.isSetUp(directory.path())) {
        throw new CliException(directory.path() + " already holds a device; link from a new --dir");
      }
      try (ParleyClient.DeviceLink link = ParleyClient.link(cli.config(directory, name))) {
        String uri = Async.await(link.uri(), ParleyCli.TIMEOUT, "opening the provisioning channel");
        out.line("link uri " + uri);
        out.line(
            "On the primary device run:  "
                + cli.commandName()
                + " --dir PRIMARY_DIR approve '"
                + uri
                + "'");
        out.line("waiting up to " + waitSeconds + " s for the approval ...");
        try (ParleyClient client =
            Async.await(link.linked(), Duration.ofSeconds(waitSeconds), "waiting for approval")) {
          out.line("linked");
          out.line("account " + client.accountId());
          out.line("device " + client.deviceId());
        }
      }
    }
    return 0;
  }
}
