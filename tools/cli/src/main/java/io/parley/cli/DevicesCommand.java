package io.parley.cli;

import io.parley.client.ParleyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code devices}: the account's devices as the server lists them. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = "List this account's devices.")
final class DevicesCommand implements Callable<Integer> {

  @ParentCommand ParleyCli cli;

  @Override
  public Integer call() {
    try (DeviceDirectory directory = cli.device();
        ParleyClient client = cli.open(directory)) {
      JsonNode devices = Async.await(client.devices(), ParleyCli.TIMEOUT, "listing devices");
      Terminal out = cli.terminal();
      for (JsonNode d : devices) {
        out.line(line(d, client.deviceId(), out.format()));
      }
    }
    return 0;
  }

  /** {@code device 2 laptop linked 2026-11-27T19:22:01Z (this device)}. */
  static String line(JsonNode d, int ownDevice, Format format) {
    int id = d.path("deviceId").asInt();
    StringBuilder line = new StringBuilder("device ").append(id);
    line.append("  ").append(format.text(d.path("name").asString("?")));
    line.append(d.path("primary").asBoolean() ? "  primary" : "  linked");
    String created = d.path("createdAt").asString(null);
    if (created != null) {
      line.append("  since ").append(created);
    }
    if (id == ownDevice) {
      line.append("  (this device)");
    }
    return line.toString();
  }
}
