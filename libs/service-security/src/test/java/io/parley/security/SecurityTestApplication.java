package io.parley.security;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service that uses nothing but libs/service-runtime and this library. */
@SpringBootApplication
public class SecurityTestApplication {

  @RestController
  static class WhoAmIController {

    @GetMapping("/whoami")
    Map<String, Object> whoami(@AuthenticationPrincipal AuthenticatedDevice device) {
      return Map.of("accountId", device.accountId().toString(), "deviceId", device.deviceId());
    }

    /** Listed in parley.security.public-paths by the tests. */
    @GetMapping("/open/ping")
    Map<String, Object> ping() {
      return Map.of("pong", true);
    }
  }
}
