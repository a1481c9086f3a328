package io.parley.cli;

import io.parley.client.ParleyApiException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on the SDK's futures from a command, and saying what went wrong in one line. */
final class Async {

  private Async() {}

  /**
   * The future's value; its failure is rethrown unwrapped, and a time-out becomes a {@link
   * CliException} naming {@code what}.
   */
  static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw rethrowable(e.getCause());
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new CliException(
          what
              + " took longer than "
              + (timeout.toMillis() < 1000
                  ? timeout.toMillis() + " ms"
                  : timeout.toSeconds() + " s"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while " + what, e);
    } catch (CancellationException e) {
      throw new CliException(what + " was cancelled", e);
    }
  }

  private static RuntimeException rethrowable(Throwable cause) {
    return cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }

  /** One line for the user: the first useful message in the chain, without class names. */
  static String describe(Throwable failure, String server) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) {
        return "cannot reach " + server + " (is the platform up? ./parley up)";
      }
    }
    if (t instanceof CliException || t instanceof ParleyApiException) {
      return t.getMessage();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
