package io.parley.auth.bench;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Bench profile only: accounts in bulk for load generators. Does not exist in other profiles. */
@RestController
@Profile("bench")
@Tag(name = "bench", description = "Bench profile only: bulk accounts for load generators")
class BenchController {

  /**
   * @param publishKeys also announce each device with {@code DeviceKeysPublished}, so that the
   *     device read model counts it as reachable and messages can be sent to it (no keys stored)
   */
  record BenchDevicesRequest(
      @NotNull @Min(1) @Max(BenchProvisioner.MAX_PER_CALL) Integer count, Boolean publishKeys) {}

  record BenchDevice(
      UUID accountId,
      int deviceId,
      String accessToken,
      String refreshToken,
      long expiresIn,
      int registrationId) {

    @Override
    public String toString() {
      return "BenchDevice[" + accountId + ":" + deviceId + ", tokens redacted]";
    }
  }

  record BenchDevicesResponse(List<BenchDevice> devices) {}

  private final BenchProvisioner provisioner;

  BenchController(BenchProvisioner provisioner) {
    this.provisioner = provisioner;
  }

  @Operation(
      summary =
          "Bench profile only: create `count` accounts (1..10000), each with a primary device",
      description =
          "No verification and no authentication: the bench profile exists only for load tests on"
              + " a local platform. Each account is announced with AccountRegistered; with"
              + " `publishKeys: true` each device also with DeviceKeysPublished (no keys are"
              + " stored), so that messages can be sent to it.")
  @PostMapping("/v1/bench/devices")
  @ResponseStatus(HttpStatus.CREATED)
  BenchDevicesResponse create(@Valid @RequestBody BenchDevicesRequest request) {
    return new BenchDevicesResponse(
        provisioner.provision(request.count(), Boolean.TRUE.equals(request.publishKeys())).stream()
            .map(
                p ->
                    new BenchDevice(
                        p.accountId(),
                        p.deviceId(),
                        p.tokens().accessToken(),
                        p.tokens().refreshToken(),
                        p.tokens().expiresIn(),
                        p.registrationId()))
            .toList());
  }
}
