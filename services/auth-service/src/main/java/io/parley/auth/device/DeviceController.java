package io.parley.auth.device;

import io.parley.auth.ratelimit.ClientAddresses;
import io.parley.auth.store.DeviceRecord;
import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "devices", description = "Linked devices")
class DeviceController {

  record LinkCodeResponse(String code, Instant expiresAt) {}

  record LinkRequest(
      @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{16,64}") String code,
      @NotBlank @Size(max = 256) String name,
      @NotNull @Min(1) @Max(16380) Integer registrationId) {}

  record LinkResponse(
      UUID accountId, int deviceId, String accessToken, String refreshToken, long expiresIn) {}

  record DeviceView(
      int deviceId, String name, int registrationId, Instant createdAt, boolean primary) {
    static DeviceView of(DeviceRecord d) {
      return new DeviceView(d.id(), d.name(), d.registrationId(), d.createdAt(), d.primary());
    }
  }

  private final DeviceService devices;
  private final ClientAddresses addresses;

  DeviceController(DeviceService devices, ClientAddresses addresses) {
    this.devices = devices;
    this.addresses = addresses;
  }

  @Operation(
      summary = "Create a one-use link code for a new device (primary device only)",
      description =
          "Valid for 10 minutes. The primary sends it to the new device inside its encrypted"
              + " provisioning message.",
      security = @SecurityRequirement(name = "bearer"))
  @PostMapping("/v1/devices/link-codes")
  @ResponseStatus(HttpStatus.CREATED)
  LinkCodeResponse linkCode(@AuthenticationPrincipal AuthenticatedDevice device) {
    DeviceService.LinkCode code = devices.createLinkCode(device.accountId(), device.deviceId());
    return new LinkCodeResponse(code.code(), code.expiresAt());
  }

  @Operation(
      summary = "Link a new device with a link code",
      description =
          "Gets the lowest free device id from 2. 403 for an unknown, expired or used code; 409"
              + " when the account has its maximum of devices.")
  @PostMapping("/v1/devices/link")
  @ResponseStatus(HttpStatus.CREATED)
  LinkResponse link(@Valid @RequestBody LinkRequest request, HttpServletRequest http) {
    DeviceService.Linked linked =
        devices.link(request.code(), request.name(), request.registrationId(), addresses.of(http));
    return new LinkResponse(
        linked.accountId(),
        linked.deviceId(),
        linked.tokens().accessToken(),
        linked.tokens().refreshToken(),
        linked.tokens().expiresIn());
  }

  @Operation(
      summary = "The caller's account's devices",
      security = @SecurityRequirement(name = "bearer"))
  @GetMapping("/v1/devices")
  List<DeviceView> list(@AuthenticationPrincipal AuthenticatedDevice device) {
    return devices.list(device.accountId()).stream().map(DeviceView::of).toList();
  }

  @Operation(
      summary = "Remove a device",
      description =
          "The primary removes any linked device; a linked device removes itself. Its tokens die at"
              + " once.",
      security = @SecurityRequirement(name = "bearer"))
  @DeleteMapping("/v1/devices/{deviceId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(
      @AuthenticationPrincipal AuthenticatedDevice device,
      @PathVariable @Min(1) @Max(64) int deviceId) {
    devices.remove(device.accountId(), device.deviceId(), deviceId);
  }
}
