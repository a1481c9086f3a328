package io.parley.auth.account;

import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "accounts", description = "Registration, reinstall and deletion")
class AccountController {

  /** A device as it registers or links. */
  record NewDevice(
      @NotBlank @Size(max = 256) String name,
      @NotNull @Min(1) @Max(16380) Integer registrationId) {}

  record RegisterRequest(
      @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String verificationSessionId,
      @NotNull @Valid NewDevice device) {}

  record RegisterResponse(
      UUID accountId, int deviceId, String accessToken, String refreshToken, long expiresIn) {}

  private final AccountService accounts;

  AccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @Operation(
      summary = "Create an account (or reinstall one) from a verified session",
      description =
          "The primary device gets id 1. A number that already has an account is a reinstall: every"
              + " old device is unlinked and its tokens die. 403 if the session is not verified or"
              + " was used.")
  @PostMapping("/v1/accounts")
  @ResponseStatus(HttpStatus.CREATED)
  RegisterResponse register(@Valid @RequestBody RegisterRequest request) {
    AccountService.Registration r =
        accounts.register(
            request.verificationSessionId(),
            request.device().name(),
            request.device().registrationId());
    return new RegisterResponse(
        r.accountId(),
        r.deviceId(),
        r.tokens().accessToken(),
        r.tokens().refreshToken(),
        r.tokens().expiresIn());
  }

  @Operation(
      summary = "Delete the caller's account (primary device only)",
      security = @SecurityRequirement(name = "bearer"))
  @DeleteMapping("/v1/accounts/me")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@AuthenticationPrincipal AuthenticatedDevice device) {
    accounts.delete(device.accountId(), device.deviceId());
  }
}
