package io.parley.cli;

import io.parley.client.ConnectionState;
import io.parley.client.Message;
import io.parley.client.MessageStatus;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyListener;
import io.parley.client.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One open chat: prints what the client reports about the conversation with {@code peer} (messages,
 * status changes of own messages, typing, presence, the connection) and marks incoming messages
 * read as they are shown. Listener calls come on the client's event thread; {@link #send} and
 * {@link #typing} on the thread reading the input.
 */
final class Conversation implements ParleyListener {

  /** How the SDK fails a send it already reported through {@code onStatus}. */
  private static final Pattern REPORTED_FAILURE =
      Pattern.compile("message \\S+ (FAILED|REJECTED): .*", Pattern.DOTALL);

  private final ParleyClient client;
  private final UUID peer;
  private final String label;
  private final Terminal out;
  private final Format format;
  private final ReadMarks readMarks;
  private final Runnable onEnded;
  private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();

  /** Guards {@link #closing}: no read receipt starts once leaving waits for what is pending. */
  private final Object lifecycle = new Object();

  private boolean closing;
  private volatile Presence lastPresence;
  private volatile boolean everConnected;
  private volatile boolean lost;
  private volatile boolean ended;
  private boolean typingSent;

  Conversation(
      ParleyClient client,
      UUID peer,
      String label,
      Terminal out,
      ReadMarks readMarks,
      Runnable onEnded) {
    this.client = client;
    this.peer = peer;
    this.label = label;
    this.out = out;
    this.format = out.format();
    this.readMarks = readMarks;
    this.onEnded = onEnded;
  }

  /** Prints the stored conversation and marks what was not marked read before. */
  void showHistory(List<Message> messages) {
    for (Message m : messages) {
      out.line(format.message(m, label, client.deviceId()));
    }
    markRead(messages);
  }

  void send(String text) {
    if (typingSent) {
      typingSent = false;
      track(client.sendTyping(peer, false), "the typing signal");
    }
    if (!client.isConnected()) {
      out.line(format.notice("not connected: the message goes out once the connection is back"));
    }
    track(client.send(peer, text), "the message");
  }

  void typing() {
    typingSent = true;
    track(client.sendTyping(peer, true), "the typing signal");
  }

  /** Whether the server ended the session for good (device removed, ...). */
  boolean ended() {
    return ended;
  }

  /**
   * Waits up to {@code patience} for what was sent to reach the server: the SDK resends an
   * unconfirmed message after a reconnect, but not after the process ends.
   */
  void finish(Duration patience) {
    CompletableFuture<?>[] pending;
    synchronized (lifecycle) {
      closing = true;
      pending = outstanding.toArray(CompletableFuture<?>[]::new);
    }
    if (pending.length == 0) {
      return;
    }
    try {
      CompletableFuture.allOf(pending).get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      long left = outstanding.stream().filter(f -> !f.isDone()).count();
      out.line(format.notice("! " + left + " message(s) not confirmed by the server: not sent"));
    } catch (ExecutionException e) {
      // each failure was printed when it happened
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void track(CompletableFuture<?> future, String what) {
    outstanding.add(future);
    future.whenComplete(
        (result, failure) -> {
          outstanding.remove(future);
          if (failure != null) {
            String why = Async.describe(failure, "the server");
            if (!REPORTED_FAILURE.matcher(why).matches()) {
              out.line(format.notice("! " + what + " was not sent: " + why));
            }
          }
        });
  }

  /**
   * Read receipts for incoming messages newer than the conversation's read mark. The mark moves
   * only once the server has the receipt; what arrives while leaving stays unmarked, and the next
   * chat, which shows it in the history, sends its receipt.
   */
  private void markRead(List<Message> messages) {
    List<Message> unread =
        messages.stream()
            .filter(m -> !m.outgoing() && readMarks.isUnread(peer, arrival(m)))
            .toList();
    if (unread.isEmpty()) {
      return;
    }
    Instant newest =
        unread.stream().map(Conversation::arrival).max(Comparator.naturalOrder()).get();
    synchronized (lifecycle) {
      if (closing) {
        return;
      }
      CompletableFuture<Void> receipt = client.markRead(unread);
      receipt.thenRun(() -> readMarks.advance(peer, newest));
      track(receipt, "the read receipt");
    }
  }

  private static Instant arrival(Message m) {
    return m.serverTimestamp() != null ? m.serverTimestamp() : m.sentAt();
  }

  // --- the client's events (event thread) ------------------------------------------------------

  @Override
  public void onMessage(Message m) {
    if (!m.conversation().equals(peer)) {
      out.line(
          format.notice(
              "a message in the conversation with "
                  + m.conversation()
                  + " (see: history "
                  + m.conversation()
                  + ")"));
      return;
    }
    // receipt first: once the line is shown, leaving waits for its receipt
    markRead(List.of(m));
    out.line(format.message(m, label, client.deviceId()));
  }

  @Override
  public void onStatus(Message m) {
    if (m.conversation().equals(peer) && m.status() != MessageStatus.SENDING) {
      out.line(format.statusChange(m));
    }
  }

  @Override
  public void onTyping(UUID account, int device, boolean typing) {
    if (typing && account.equals(peer)) {
      out.line(format.typing(label));
    }
  }

  @Override
  public void onPresence(Presence presence) {
    // a snapshot comes again after every reconnect: only changes are news
    if (presence.accountId().equals(peer) && !presence.equals(lastPresence)) {
      lastPresence = presence;
      out.line(format.presence(label, presence));
    }
  }

  @Override
  public void onConnection(ConnectionState state, String detail) {
    switch (state) {
      case CONNECTED -> {
        if (lost) {
          out.line(format.notice("connected again"));
        }
        lost = false;
        everConnected = true;
      }
      case RECONNECT_WAIT -> {
        if (everConnected && !lost) {
          lost = true;
          out.line(
              format.notice(
                  "connection lost" + (detail == null ? "" : " (" + detail + ")") + ", retrying"));
        }
      }
      case ENDED -> {
        ended = true;
        out.line(
            format.notice(
                "! the server ended this device's session"
                    + (detail == null ? "" : ": " + detail)));
        onEnded.run();
      }
      default -> {}
    }
  }

  @Override
  public void onError(String what, Throwable cause) {
    out.line(
        format.notice(
            "! " + what + (cause == null ? "" : ": " + Async.describe(cause, "the server"))));
  }
}
