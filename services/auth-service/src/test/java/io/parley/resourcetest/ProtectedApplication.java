package io.parley.resourcetest;

import io.parley.security.AuthenticatedDevice;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Another Parley service as far as tokens go: it only uses libs/service-security, fetching
 * auth-service's JWKS over HTTP. Kept outside {@code io.parley.auth} so auth's scan never sees it.
 */
@SpringBootApplication
public class ProtectedApplication {

  @RestController
  static class WhoAmI {
    @GetMapping("/whoami")
    Map<String, Object> whoami(@AuthenticationPrincipal AuthenticatedDevice device) {
      return Map.of("accountId", device.accountId().toString(), "deviceId", device.deviceId());
    }
  }
}
