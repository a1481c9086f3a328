package io.parley.keys.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.keys.support.KeysIntegrationTest;
import io.parley.security.test.TestDevices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official libsignal ({@code @signalapp/libsignal-client}, pinned in {@code src/test/node})
 * publishes keys through {@code PUT /v1/keys} and starts PQXDH sessions from the bundles {@code GET
 * /v1/keys/{accountId}/1} serves: every encoding and signature we store and hand out must be one
 * libsignal accepts, and the sessions must carry messages both ways.
 *
 * <p>{@code interop.mjs} does the libsignal side (see its header for the bundle shapes it covers);
 * this test provides the service and the devices and judges the script's exit code and output. It
 * is skipped where {@code node} or the package is missing: CI installs the package first.
 */
class LibsignalInteropIT extends KeysIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(LibsignalInteropIT.class);
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
  private static final String SUCCESS = "LIBSIGNAL INTEROP OK";
  private static final String INSTALL_HINT =
      "; run `npm ci --ignore-scripts` in services/key-distribution-service/src/test/node";

  /** {@code src/test/node}, from the module (Maven) or from the repository root (an IDE). */
  private static final Path NODE_PROJECT =
      Stream.of(
              Path.of("src/test/node"), Path.of("services/key-distribution-service/src/test/node"))
          .filter(dir -> Files.isRegularFile(dir.resolve("interop.mjs")))
          .findFirst()
          .orElse(Path.of("src/test/node"))
          .toAbsolutePath();

  @TempDir Path scratch;

  /**
   * Checked per test, not in {@code @BeforeAll}: Failsafe reports a class aborted there as "Tests
   * run: 0" without the reason, while this reports the test as skipped, with it.
   */
  @BeforeEach
  void requireNodeAndLibsignal() throws InterruptedException {
    Assumptions.assumeTrue(
        nodeRuns(), "skipped: `node` (Node 20 or later) does not run from the PATH" + INSTALL_HINT);
    Assumptions.assumeTrue(
        Files.isRegularFile(
            NODE_PROJECT.resolve("node_modules/@signalapp/libsignal-client/package.json")),
        "skipped: @signalapp/libsignal-client is not installed in " + NODE_PROJECT + INSTALL_HINT);
  }

  private static boolean nodeRuns() throws InterruptedException {
    try {
      Process node =
          new ProcessBuilder("node", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!node.waitFor(10, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        return false;
      }
      return node.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void libsignalStartsSessionsFromEveryBundleShapeWeServeAndMessagesDecryptBothWays()
      throws Exception {
    TestDevices.Device alice = devices.register();
    TestDevices.Device bob = devices.register();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> redis.opsForHash().hasKey("keys:devices:{" + alice.accountId() + "}", "1"));

    Path output = scratch.resolve("interop.out");
    ProcessBuilder script =
        new ProcessBuilder("node", "interop.mjs")
            .directory(NODE_PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    // Tokens go through the environment, not the command line other processes can read.
    script
        .environment()
        .putAll(
            Map.of(
                "PARLEY_KEYS_URL", "http://localhost:" + port,
                "ALICE_ACCOUNT_ID", alice.accountId().toString(),
                "ALICE_REGISTRATION_ID", String.valueOf(alice.registrationId()),
                "ALICE_TOKEN", alice.token(),
                "BOB_ACCOUNT_ID", bob.accountId().toString(),
                "BOB_REGISTRATION_ID", String.valueOf(bob.registrationId()),
                "BOB_TOKEN", bob.token()));
    Process node = script.start();
    boolean finished = node.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    // Key ids and results only: the script never prints key material or tokens (asserted below).
    log.info("interop.mjs printed:\n{}", printed);

    assertThat(finished)
        .withFailMessage(
            "interop.mjs did not finish within %s; it printed:%n%s", SCRIPT_TIMEOUT, printed)
        .isTrue();
    assertThat(node.exitValue())
        .withFailMessage("interop.mjs exited with %d; it printed:%n%s", node.exitValue(), printed)
        .isZero();
    assertThat(printed)
        .contains(SUCCESS)
        .contains("PQXDH v4")
        .doesNotContain(alice.token())
        .doesNotContain(bob.token());

    // The script took every one-time key it uploaded; the service agrees none is left.
    Response count = call("GET", "/v1/keys/count", null, alice.token());
    assertThat(count.status()).isEqualTo(200);
    assertThat(count.body().get("count").asLong()).isZero();
    assertThat(count.body().get("pqCount").asLong()).isZero();
  }
}
