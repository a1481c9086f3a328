package io.parley.cli;

import io.parley.client.ParleyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code approve URI}: on the primary device, lets the new device that showed {@code URI} join the
 * account (it receives the account's identity key and a one-use link code, encrypted to it).
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "On the primary device: approve a new device's parley://link URI.")
final class ApproveCommand implements Callable<Integer> {

  @ParentCommand ParleyCli cli;

  @Parameters(
      index = "0",
      paramLabel = "URI",
      description = "the parley://link?... URI the new device printed (quote it: it holds &)")
  String uri;

  @Override
  public Integer call() {
    try (DeviceDirectory directory = cli.device();
        ParleyClient client = cli.open(directory)) {
      Async.await(client.approveLink(uri.trim()), ParleyCli.TIMEOUT, "approving the link");
      cli.terminal().line("approved: the new device finishes linking by itself");
    }
    return 0;
  }
}
