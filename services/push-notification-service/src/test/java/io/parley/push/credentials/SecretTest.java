package io.parley.push.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.push.PushProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SecretTest {

  @Test
  void neverShowsItselfInTextButBindsFromASetting() {
    MapConfigurationPropertySource source = new MapConfigurationPropertySource();
    source.put("parley.push.apns.enabled", "true");
    source.put("parley.push.apns.signing-key", "-----BEGIN PRIVATE KEY-----very secret");
    source.put("parley.push.fcm.service-account", "{\"private_key\":\"very secret\"}");
    source.put("parley.push.web-push.private-key", "very-secret-scalar");

    PushProperties properties = new Binder(source).bind("parley.push", PushProperties.class).get();

    assertThat(properties.apns().signingKey().reveal()).startsWith("-----BEGIN PRIVATE KEY");
    assertThat(properties.toString()).doesNotContain("secret");
    assertThat(properties.apns().signingKey().toString()).isEqualTo("******");
    assertThat(String.valueOf(properties.fcm().serviceAccount())).doesNotContain("secret");
    assertThat(String.valueOf(properties.webPush().privateKey())).doesNotContain("secret");
    // What /actuator/configprops would render if an operator exposed it.
    assertThat(
            tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(properties))
        .doesNotContain("secret");
  }

  @Test
  void comesFromTheSettingOrAFileButNotBoth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("key.p8");
    Files.writeString(file, "from the file");

    assertThat(Secret.resolve("x.key", null, file).map(Secret::reveal)).contains("from the file");
    assertThat(Secret.resolve("x.key", Secret.of("inline"), null).map(Secret::reveal))
        .contains("inline");
    assertThat(Secret.resolve("x.key", Secret.of(" "), null)).isEmpty();
    assertThat(Secret.resolve("x.key", null, null)).isEmpty();
    assertThatThrownBy(() -> Secret.resolve("x.key", Secret.of("inline"), file))
        .hasMessage("x.key and x.key-file are both set; set only one of them");
    assertThatThrownBy(() -> Secret.resolve("x.key", null, dir.resolve("absent")))
        .hasMessageStartingWith("cannot read x.key-file");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> Secret.resolve("x.key", null, file)).hasMessageContaining("is empty");
  }

  @Test
  void aMissingCredentialStopsStartUpOnlyOutsideDev() {
    assertThatThrownBy(
            () ->
                ProviderCredentials.require(
                    "parley.push.fcm", "key (how)", Optional.empty(), false))
        .isInstanceOf(MissingCredentialsException.class)
        .hasMessage(
            "parley.push.fcm.enabled=true but its key (how) is missing. Provide it, or set"
                + " parley.push.fcm.enabled=false. Only the dev profile starts without it.");
    assertThat(ProviderCredentials.require("parley.push.fcm", "key", Optional.empty(), true))
        .isEmpty();
    assertThat(ProviderCredentials.require("parley.push.fcm", "key", Optional.of("k"), false))
        .contains("k");
  }

  @Test
  void startUpFailsWithAReportSayingWhatToDo() {
    var analysis =
        new MissingCredentialsFailureAnalyzer()
            .analyze(
                new IllegalStateException(
                    "bean creation",
                    new MissingCredentialsException("parley.push.apns", ".p8 signing key")));

    assertThat(analysis.getDescription()).startsWith("parley.push.apns.enabled=true but its");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Give the .p8 signing key, or set parley.push.apns.enabled=false. The dev profile"
                + " starts without provider credentials.");
  }

  @Test
  void refusesARetryBudgetThatWouldOutliveKafkasPollInterval() {
    PushProperties.Retry retry =
        new PushProperties.Retry(
            4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(40));
    assertThatThrownBy(
            () ->
                new PushProperties(
                    Duration.ofSeconds(60),
                    retry,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    null,
                    2,
                    10,
                    null,
                    null,
                    null))
        .hasMessageContaining("max.poll.interval.ms");
    assertThat(List.of(retry.maxAttempts())).containsExactly(4);
  }
}
