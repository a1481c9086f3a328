package io.parley.cli;

import io.parley.client.ParleyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code whoami}: this directory's account, device and number, from local state only. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = "Print this device's account id, device id and phone number.")
final class WhoamiCommand implements Callable<Integer> {

  @ParentCommand ParleyCli cli;

  @Override
  public Integer call() {
    try (DeviceDirectory directory = cli.device();
        ParleyClient client = cli.open(directory)) {
      Terminal out = cli.terminal();
      out.line("account " + client.accountId());
      out.line("device " + client.deviceId());
      out.line("phone " + (client.phoneNumber() == null ? "unknown" : client.phoneNumber()));
      out.line("server " + cli.server());
      out.line("dir " + directory.path());
    }
    return 0;
  }
}
