package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.client.ParleyApiException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AsyncTest {

  private static final String SERVER = "http://localhost:8080";

  @Test
  void anUnreachableServerIsNamedWhereverTheConnectFailureIsInTheChain() {
    Throwable failure =
        new CompletionException(
            new UncheckedIOException(
                "POST v1/directory/lookup failed: null", new ConnectException()));
    assertThat(Async.describe(failure, SERVER))
        .isEqualTo("cannot reach http://localhost:8080 (is the platform up? ./parley up)");
  }

  @Test
  void anApiRefusalKeepsTheServersWords() {
    Throwable failure =
        new CompletionException(
            new ParleyApiException("POST", "v1/accounts", 429, "rate-limited", "slow down", null));
    assertThat(Async.describe(failure, SERVER))
        .isEqualTo("POST v1/accounts answered 429 rate-limited: slow down");
  }

  @Test
  void aFailureWithoutAMessageIsNamedByItsKind() {
    assertThat(Async.describe(new IllegalStateException(), SERVER))
        .isEqualTo("IllegalStateException");
  }

  @Test
  void awaitingRethrowsTheFailureItselfAndNamesWhatTookTooLong() {
    assertThatThrownBy(
            () ->
                Async.await(
                    CompletableFuture.failedFuture(new IllegalStateException("boom")),
                    Duration.ofSeconds(1),
                    "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    CompletableFuture<String> never = new CompletableFuture<>();
    assertThatThrownBy(() -> Async.await(never, Duration.ofMillis(20), "sending"))
        .isInstanceOf(CliException.class)
        .hasMessage("sending took longer than 20 ms");
    assertThat(never).isCancelled();
  }

  @Test
  void aSendTheServerRefusedSaysWhyAndWhichMessage() {
    assertThat(
            SendCommand.notSent(
                new IllegalStateException("message 9ea6ca0b FAILED: unknown_recipient")))
        .isInstanceOf(CliException.class)
        .hasMessage("not sent: failed (unknown_recipient), message id 9ea6ca0b");
    IllegalStateException other = new IllegalStateException("the client is closed");
    assertThat(SendCommand.notSent(other)).isSameAs(other);
  }
}
