package io.parley.auth.token;

import io.parley.auth.device.DeviceService;
import io.parley.auth.ratelimit.ClientAddresses;
import io.parley.auth.ratelimit.RateLimiter;
import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "tokens", description = "Access and refresh tokens, and the keys that verify them")
class TokenController {

  record RefreshRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{43}") String refreshToken) {}

  private final TokenService tokens;
  private final SigningKeys keys;
  private final DeviceService devices;
  private final RateLimiter rateLimiter;
  private final ClientAddresses addresses;

  TokenController(
      TokenService tokens,
      SigningKeys keys,
      DeviceService devices,
      RateLimiter rateLimiter,
      ClientAddresses addresses) {
    this.tokens = tokens;
    this.keys = keys;
    this.devices = devices;
    this.rateLimiter = rateLimiter;
    this.addresses = addresses;
  }

  @Operation(
      summary = "Exchange a refresh token for new tokens (rotation)",
      description =
          "Every use returns a new refresh token. Presenting a used one revokes every token of the"
              + " device, except a retry within 60 s whose successor is still unused, which gets"
              + " that same successor.")
  @PostMapping("/v1/tokens/refresh")
  TokenPair refresh(@Valid @RequestBody RefreshRequest request, HttpServletRequest http) {
    rateLimiter.take(RateLimiter.Limit.TOKEN_REFRESH_ADDRESS, addresses.of(http));
    return tokens.refresh(request.refreshToken());
  }

  @Operation(
      summary = "Log the calling device out: revoke all its tokens",
      security = @SecurityRequirement(name = "bearer"))
  @PostMapping("/v1/tokens/revoke")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@AuthenticationPrincipal AuthenticatedDevice device) {
    tokens.revoke(
        device.accountId(),
        device.deviceId(),
        devices.incarnation(device.accountId(), device.deviceId()));
  }

  @Operation(summary = "Public keys that verify access tokens (JWK Set, ES256)")
  @GetMapping(value = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> jwks() {
    return keys.publicJwks().toJSONObject(true);
  }
}
