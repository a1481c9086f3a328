package io.parley.edge.provisioning;

import io.parley.edge.EdgeProperties;
import io.parley.runtime.ratelimit.TokenBuckets;
import io.parley.runtime.web.ApiException;
import io.parley.runtime.web.BadRequestException;
import io.parley.security.AuthenticatedDevice;
import io.parley.security.OpenApiDocuments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The primary device's side of the provisioning relay. */
@RestController
class ProvisioningController {

  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9_-]{22}");

  private final ProvisioningRelay relay;
  private final TokenBuckets buckets;
  private final TokenBuckets.Limit puts;
  private final long maxMessageBytes;

  ProvisioningController(ProvisioningRelay relay, TokenBuckets buckets, EdgeProperties properties) {
    this.relay = relay;
    this.buckets = buckets;
    this.puts = new TokenBuckets.Limit("provisioning-put", 10, Duration.ofSeconds(30));
    this.maxMessageBytes = properties.provisioning().maxMessageBytes().toBytes();
  }

  /**
   * @param body the provisioning message, encrypted by the primary device to the new device's
   *     ephemeral public key, base64; opaque to the server
   */
  record ProvisioningMessage(@NotBlank String body) {}

  @Operation(
      summary = "Send the one provisioning message to a new device's provisioning address",
      security = @SecurityRequirement(name = OpenApiDocuments.BEARER),
      description =
          "204: delivered to the waiting socket. 404: no such address, expired, or already used."
              + " 410: the socket that waited is gone. 413: larger than the configured limit.")
  @PutMapping("/v1/provisioning/{address}")
  ResponseEntity<Void> put(
      @AuthenticationPrincipal AuthenticatedDevice device,
      @Parameter(description = "the address the new device's socket received") @PathVariable
          String address,
      @Valid @RequestBody ProvisioningMessage message) {
    if (!ADDRESS.matcher(address).matches()) {
      throw new BadRequestException(
          "invalid-provisioning-address", "provisioning address: 22 base64url characters");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(message.body());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("invalid-provisioning-message", "body: base64");
    }
    if (decoded.length > maxMessageBytes) {
      throw new ApiException(
          HttpStatus.CONTENT_TOO_LARGE,
          "payload-too-large",
          "a provisioning message has at most " + maxMessageBytes + " bytes");
    }
    buckets.take(puts, device.toString(), 1);
    return switch (relay.deliver(address, message.body())) {
      case DELIVERED -> ResponseEntity.noContent().build();
      case UNKNOWN_ADDRESS ->
          throw new ApiException(
              HttpStatus.NOT_FOUND,
              "unknown-provisioning-address",
              "no device waits at that address (expired or already used)");
      case RECIPIENT_GONE ->
          throw new ApiException(
              HttpStatus.GONE,
              "provisioning-recipient-gone",
              "the device that waited at that address is gone; it must open a new channel");
    };
  }
}
