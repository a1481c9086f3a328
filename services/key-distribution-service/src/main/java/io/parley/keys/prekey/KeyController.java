package io.parley.keys.prekey;

import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "keys", description = "Signal-protocol prekeys in libsignal's encodings")
@SecurityRequirement(name = "bearer")
class KeyController {

  record CountResponse(long count, long pqCount) {}

  private final KeyService keys;

  KeyController(KeyService keys) {
    this.keys = keys;
  }

  @Operation(
      summary = "Upload the calling device's keys",
      description =
          "Every part optional; a list that is present replaces the stored one. 400 for malformed"
              + " keys (the problem's `field` names which), 422 for a signature that does not"
              + " verify with the account's identity key, 409 for a different identity key. Nothing"
              + " of a refused request is stored.")
  @PutMapping("/v1/keys")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void upload(
      @AuthenticationPrincipal AuthenticatedDevice device,
      @Valid @RequestBody UploadRequest request) {
    keys.upload(device, request);
  }

  @Operation(summary = "How many one-time EC and Kyber prekeys the calling device has left")
  @GetMapping("/v1/keys/count")
  CountResponse count(@AuthenticationPrincipal AuthenticatedDevice device) {
    long[] counts = keys.count(device);
    return new CountResponse(counts[0], counts[1]);
  }

  @Operation(
      summary = "Prekey bundle of every reachable device of an account",
      description =
          "Hands out one one-time EC and one one-time Kyber prekey per device, each exactly once;"
              + " the last-resort Kyber key when none is left. Rate-limited per requester (one"
              + " token per device).")
  @GetMapping("/v1/keys/{accountId}/*")
  Bundle all(@AuthenticationPrincipal AuthenticatedDevice device, @PathVariable UUID accountId) {
    return keys.fetch(device, accountId, null);
  }

  @Operation(summary = "Prekey bundle of one device of an account")
  @GetMapping("/v1/keys/{accountId}/{deviceId:[0-9]+}")
  Bundle one(
      @AuthenticationPrincipal AuthenticatedDevice device,
      @PathVariable UUID accountId,
      @PathVariable @Min(1) @Max(64) int deviceId) {
    return keys.fetch(device, accountId, deviceId);
  }
}
