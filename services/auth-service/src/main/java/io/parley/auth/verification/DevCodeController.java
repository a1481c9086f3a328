package io.parley.auth.verification;

import io.parley.auth.phone.PhoneNumbers;
import io.parley.runtime.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Dev profile only: the last code sent to a number. Does not exist in any other profile. */
@RestController
@Profile("dev")
class DevCodeController {

  private final DevCodeSender sender;
  private final PhoneNumbers phones;

  DevCodeController(DevCodeSender sender, PhoneNumbers phones) {
    this.sender = sender;
    this.phones = phones;
  }

  @Operation(summary = "Dev profile only: the last verification code sent to a number")
  @GetMapping("/v1/dev/verification-codes/{phoneNumber}")
  Map<String, String> code(@PathVariable String phoneNumber) {
    String e164 = phones.canonical(phoneNumber, "phoneNumber");
    return sender
        .lastCode(e164)
        .map(code -> Map.of("code", code))
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.NOT_FOUND, "not-found", "no code was sent to this number recently"));
  }
}
