package io.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.push.credentials.MissingCredentialsException;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A provider that is enabled without its credentials stops start-up outside the dev profile with a
 * message saying what is missing and how to give it; the dev profile starts without them.
 */
@ParleyInfraTest
@ExtendWith(OutputCaptureExtension.class)
class StartupCredentialsIT {

  @ParameterizedTest
  @CsvSource({
    "fcm, parley.push.fcm.service-account-file",
    "apns, parley.push.apns.signing-key-file",
    "web-push, parley.push.web-push.private-key-file"
  })
  void anEnabledProviderWithoutCredentialsStopsStartUp(
      String provider, String hint, CapturedOutput output) {
    assertThatThrownBy(() -> start("parley.push." + provider + ".enabled=true").close())
        .rootCause()
        .isInstanceOf(MissingCredentialsException.class)
        .hasMessageContaining("parley.push." + provider + ".enabled=true")
        .hasMessageContaining(hint)
        .hasMessageContaining("missing");
    assertThat(output.getOut())
        .contains("APPLICATION FAILED TO START")
        .contains("Give the ")
        .contains("or set parley.push." + provider + ".enabled=false");
  }

  @Test
  void aCredentialGivenTwiceStopsStartUp() {
    assertThatThrownBy(
            () ->
                start(
                        "parley.push.apns.enabled=true",
                        "parley.push.apns.signing-key=inline",
                        "parley.push.apns.signing-key-file=/nonexistent.p8")
                    .close())
        .rootCause()
        .hasMessageContaining("both set");
  }

  @Test
  void theDevProfileStartsWithoutCredentials() {
    try (ConfigurableApplicationContext context =
        start(
            "spring.profiles.active=dev",
            "parley.push.fcm.enabled=true",
            "parley.push.apns.enabled=true",
            "parley.push.web-push.enabled=true")) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  private static ConfigurableApplicationContext start(String... properties) {
    List<String> args = new ArrayList<>();
    for (String property : properties) {
      args.add("--" + property);
    }
    // Command-line arguments: they outrank every default, so the test never reaches a Kafka or
    // Redis other than the test's own (such as one a developer runs on the default ports).
    args.add("--server.port=0");
    args.add("--spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers());
    args.add("--spring.data.redis.host=" + ParleyInfra.redis().host());
    args.add("--spring.data.redis.port=" + ParleyInfra.redis().port());
    // Never take push requests from the other tests' consumer group.
    args.add("--spring.kafka.listener.auto-startup=false");
    return new SpringApplicationBuilder(PushNotificationApplication.class)
        .run(args.toArray(String[]::new));
  }
}
