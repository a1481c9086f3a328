package io.parley.auth.verification;

import io.parley.auth.ratelimit.ClientAddresses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "verification", description = "Phone-number verification with one-time codes")
class VerificationController {

  record StartRequest(@NotNull @Size(max = 32) String phoneNumber) {}

  record CodeRequest(
      @NotNull @Pattern(regexp = "[0-9]{6}", message = "must be six digits") String code) {}

  record SessionResponse(String id, Instant expiresAt, boolean verified, int attemptsLeft) {
    static SessionResponse of(VerificationService.Session s) {
      return new SessionResponse(s.id(), s.expiresAt(), s.verified(), s.attemptsLeft());
    }
  }

  private final VerificationService verification;
  private final ClientAddresses addresses;

  VerificationController(VerificationService verification, ClientAddresses addresses) {
    this.verification = verification;
    this.addresses = addresses;
  }

  @Operation(
      summary = "Send a six-digit code to a phone number",
      description =
          "E.164 number; rate-limited per number and per client address (429 with Retry-After).")
  @PostMapping("/v1/verification/sessions")
  @ResponseStatus(HttpStatus.CREATED)
  SessionResponse start(@Valid @RequestBody StartRequest request, HttpServletRequest http) {
    return SessionResponse.of(verification.start(request.phoneNumber(), addresses.of(http)));
  }

  @Operation(
      summary = "Check the code of a verification session",
      description =
          "403 wrong code, 410 expired, 429 after too many wrong codes or requests, 404 unknown"
              + " session.")
  @PostMapping("/v1/verification/sessions/{id}/code")
  SessionResponse check(
      @PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String id,
      @Valid @RequestBody CodeRequest request,
      HttpServletRequest http) {
    return SessionResponse.of(verification.check(id, request.code(), addresses.of(http)));
  }
}
