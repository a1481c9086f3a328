package io.parley.push.registration;

import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The calling device's push registration. */
@RestController
@RequestMapping("/v1/push/registration")
@SecurityRequirement(name = "bearer")
class RegistrationController {

  private static final Logger log = LoggerFactory.getLogger(RegistrationController.class);

  private final RegistrationValidator validator;
  private final RegistrationStore store;

  RegistrationController(RegistrationValidator validator, RegistrationStore store) {
    this.validator = validator;
    this.store = store;
  }

  @PutMapping
  @Operation(
      summary = "Set this device's push token or Web Push subscription (replaces any previous)")
  ResponseEntity<Void> put(
      @AuthenticationPrincipal AuthenticatedDevice device,
      @Valid @RequestBody RegistrationRequest request) {
    PushRegistration registration = validator.validate(request);
    store.put(device.accountId(), device.deviceId(), registration);
    log.info("device {} registered for {}", device, registration);
    return ResponseEntity.noContent().build();
  }

  @GetMapping
  @Operation(summary = "Which provider this device is registered with (never the token)")
  ResponseEntity<RegistrationView> get(@AuthenticationPrincipal AuthenticatedDevice device) {
    return store
        .find(device.accountId(), device.deviceId())
        .map(RegistrationView::of)
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  @DeleteMapping
  @Operation(summary = "Stop pushes to this device (idempotent)")
  ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedDevice device) {
    if (store.delete(device.accountId(), device.deviceId())) {
      log.info("device {} removed its push registration", device);
    }
    return ResponseEntity.noContent().build();
  }
}
