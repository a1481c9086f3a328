package io.parley.cli;

import io.parley.client.ConnectionState;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyListener;
import java.time.Duration;

/**
 * Connecting with a bound: the SDK keeps retrying with backoff for ever, which is right for an app
 * but not for a command, which should fail saying why.
 */
final class Connect implements ParleyListener {

  private volatile String lastProblem;
  private volatile boolean ended;

  private Connect() {}

  static void within(ParleyClient client, Duration timeout, String server) {
    Connect watcher = new Connect();
    client.addListener(watcher);
    try {
      Async.await(client.connect(), timeout, "connecting");
    } catch (CliException e) {
      // the time-out: the SDK was retrying; its last failure says why
      String why = watcher.lastProblem;
      throw new CliException(
          "could not connect to "
              + server
              + " within "
              + timeout.toSeconds()
              + " s"
              + (why == null ? "" : " (last attempt: " + why + ")"),
          e);
    } catch (RuntimeException e) {
      // the SDK fails the connect with "session ENDED" before it tells listeners the code
      if (watcher.ended || "session ENDED".equals(e.getMessage())) {
        String code = watcher.lastProblem;
        throw new CliException(
            "the server ended this device's session"
                + (code == null ? "" : " (" + code + ")")
                + ": it was removed from the account, its tokens were revoked, or it is connected"
                + " elsewhere",
            e);
      }
      throw new CliException(
          "could not connect to " + server + ": " + Async.describe(e, server), e);
    } finally {
      client.removeListener(watcher);
    }
  }

  @Override
  public void onConnection(ConnectionState state, String detail) {
    if (detail != null) {
      lastProblem = detail;
    }
    if (state == ConnectionState.ENDED) {
      ended = true;
    }
  }
}
