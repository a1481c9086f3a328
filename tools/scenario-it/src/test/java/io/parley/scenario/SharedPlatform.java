package io.parley.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * The one platform every scenario test class in this JVM runs on: starting Kafka, Redis and six
 * services costs a minute or more on a 2-core machine, so it is started once, by the first class
 * that asks, and stopped by {@link LocalPlatform}'s shutdown hook ({@code ./parley down}) when the
 * test JVM exits. Tests register accounts of their own, so they do not meet.
 *
 * <p>Access tokens live {@link #TOKEN_TTL} instead of 15 minutes, so that sessions must renew them
 * ({@code SEND /app/auth}) many times during the tests; otherwise it is exactly the platform {@code
 * ./parley up} starts, with Web Push enabled.
 */
public final class SharedPlatform {

  public static final Duration TOKEN_TTL = Duration.ofSeconds(12);

  private static LocalPlatform platform;

  private SharedPlatform() {}

  private static String perAddress(String limit) {
    return "-Dparley.auth.rate-limits." + limit + ".capacity=100000";
  }

  public static synchronized LocalPlatform get() throws Exception {
    if (platform == null) {
      platform =
          LocalPlatform.start(
              Map.of(
                  "PARLEY_AUTH_SERVICE_JVM_OPTS",
                  String.join(
                      " ",
                      "-Dparley.auth.tokens.access-token-ttl=" + TOKEN_TTL.toSeconds() + "s",
                      perAddress("verification-send-address"),
                      perAddress("verification-check-address"),
                      perAddress("device-link-address"),
                      perAddress("token-refresh-address"))));
    }
    return platform;
  }
}
