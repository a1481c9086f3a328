package io.parley.edge.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeliveryEvent;
import io.parley.contracts.events.v1.MessageAcknowledged;
import io.parley.edge.session.AckHandler;
import io.parley.edge.session.ClientFrames;
import io.parley.edge.session.Destinations;
import io.parley.edge.session.EdgeSession;
import io.parley.edge.session.Notice;
import io.parley.edge.session.SessionListener;
import io.parley.mailbox.Mailbox;
import io.parley.mailbox.MailboxAddress;
import io.parley.mailbox.MailboxEntry;
import io.parley.mailbox.MailboxTracing;
import io.parley.runtime.events.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers each device's mailbox to its session on this node: reads in pages with at most {@code
 * max-in-flight} unacknowledged messages, sends MESSAGE frames whose {@code ack} id is the server
 * GUID, then a {@code queue_empty} event once the backlog is drained, then whatever routing
 * signals. ACK: {@code MessageAcknowledged} is written to Kafka, then the entry is deleted (a crash
 * in between redelivers it under the same GUID; it is never lost). NACK and disconnect leave
 * entries for the next session.
 */
@Component
public class MailboxDelivery implements SessionListener, AckHandler, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(MailboxDelivery.class);

  private final Mailbox mailbox;
  private final ClientFrames frames;
  private final EventPublisher events;
  private final DeliveryProperties properties;
  private final Clock clock;
  private final ExecutorService executor;
  private final java.util.concurrent.ScheduledExecutorService retries =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "mailbox-delivery-retry");
            thread.setDaemon(true);
            return thread;
          });
  private final ConcurrentHashMap<String, SessionDelivery> bySession = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Counter acknowledged;
  private final Timer latency;
  private final Tracer tracer;

  MailboxDelivery(
      Mailbox mailbox,
      ClientFrames frames,
      EventPublisher events,
      DeliveryProperties properties,
      Clock clock,
      MeterRegistry meters,
      ObjectProvider<Tracer> tracer) {
    this.tracer = tracer.getIfAvailable();
    this.mailbox = mailbox;
    this.frames = frames;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            properties.threads(),
            properties.threads(),
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "mailbox-delivery-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.delivered =
        Counter.builder("parley.edge.messages.delivered")
            .description("MESSAGE frames written from mailboxes to sessions")
            .register(meters);
    this.acknowledged =
        Counter.builder("parley.edge.messages.acknowledged")
            .description("mailbox entries acknowledged by their devices and deleted")
            .register(meters);
    this.latency =
        Timer.builder("parley.delivery.latency")
            .description(
                "from the server timestamp (the edge accepted the message) to its MESSAGE frame")
            .publishPercentileHistogram()
            .register(meters);
  }

  // --- session life ---------------------------------------------------------------------------

  @Override
  public void subscribed(EdgeSession session, String destination) {
    if (!Destinations.MESSAGES.equals(destination)) {
      return;
    }
    MailboxAddress address =
        new MailboxAddress(
            session.device().accountId(), session.device().deviceId(), session.incarnation());
    SessionDelivery delivery =
        new SessionDelivery(session, address, session.subscriptionId(Destinations.MESSAGES));
    SessionDelivery previous = bySession.put(session.id(), delivery);
    if (previous != null) {
      previous.closed = true;
    }
    request(delivery);
  }

  @Override
  public void unsubscribed(EdgeSession session, String destination) {
    if (Destinations.MESSAGES.equals(destination)) {
      forget(session);
    }
  }

  @Override
  public void closed(EdgeSession session) {
    forget(session);
  }

  private void forget(EdgeSession session) {
    SessionDelivery delivery = bySession.remove(session.id());
    if (delivery != null) {
      delivery.closed = true; // what was in flight stays in the mailbox for the next session
    }
  }

  // --- what makes a session read ---------------------------------------------------------------

  /** Routing signalled a change to this device's mailbox. */
  void changed(EdgeSession session) {
    SessionDelivery delivery = bySession.get(session.id());
    if (delivery != null) {
      request(delivery);
    }
  }

  /** Every session reads again: after the signal channel was (re)subscribed, and on the timer. */
  void rereadAll() {
    bySession.values().forEach(this::request);
  }

  @Scheduled(
      fixedDelayString = "${parley.edge.delivery.reread-interval:30s}",
      initialDelayString = "${parley.edge.delivery.reread-interval:30s}")
  void timer() {
    rereadAll();
  }

  private void request(SessionDelivery delivery) {
    if (delivery.closed) {
      return;
    }
    delivery.again.set(true);
    if (delivery.scheduled.compareAndSet(false, true)) {
      executor.execute(() -> drain(delivery));
    }
  }

  private void drain(SessionDelivery delivery) {
    try {
      while (!delivery.closed && delivery.again.getAndSet(false)) {
        readAll(delivery);
      }
    } catch (RuntimeException e) {
      // Redis unreachable or slow: read again in a second (and the timer and the signal
      // channel's resubscription read again too).
      log.warn("{}: mailbox not read, retrying: {}", delivery.session, e.toString());
      retries.schedule(() -> request(delivery), 1, TimeUnit.SECONDS);
    } finally {
      delivery.scheduled.set(false);
    }
    if (!delivery.closed && delivery.again.get() && delivery.scheduled.compareAndSet(false, true)) {
      executor.execute(() -> drain(delivery));
    }
  }

  private void readAll(SessionDelivery delivery) {
    while (!delivery.closed) {
      int room = properties.maxInFlight() - delivery.inFlight.size();
      if (room <= 0) {
        return; // acknowledgements make room and ask again
      }
      int want = Math.min(properties.pageSize(), room);
      List<Mailbox.StoredEntry> entries =
          mailbox.read(delivery.address, delivery.cursor.get(), want);
      long now = clock.millis();
      for (Mailbox.StoredEntry stored : entries) {
        delivery.cursor.accumulateAndGet(stored.sequence(), Math::max);
        if (delivery.inFlight.containsKey(stored.guid())) {
          continue;
        }
        MailboxEntry entry = stored.entry();
        if (entry.expiresAt() > 0 && entry.expiresAt() < now) {
          mailbox.drop(delivery.address, stored.guid());
          continue;
        }
        send(delivery, stored.guid(), stored.sequence(), entry, false, now);
      }
      if (entries.size() < want) {
        if (!delivery.backlogDrained) {
          delivery.backlogDrained = true;
          frames.notice(
              delivery.session,
              new Notice(
                  "queue_empty",
                  null,
                  "every message waiting for this device has been sent; new ones follow as they"
                      + " arrive",
                  Map.of("inFlight", delivery.inFlight.size())));
        }
        return;
      }
    }
  }

  private void send(
      SessionDelivery delivery,
      String guid,
      long sequence,
      MailboxEntry entry,
      boolean ephemeral,
      long now) {
    delivery.inFlight.put(
        guid,
        new SessionDelivery.InFlight(
            sequence,
            entry.kind(),
            entry.senderAccount(),
            entry.senderDevice(),
            entry.clientMessageId(),
            ephemeral));
    // The delivery joins the trace routing appended the entry in (MailboxTracing).
    Span span =
        tracer == null || entry.traceparent().isEmpty()
            ? null
            : MailboxTracing.child(tracer, entry.traceparent(), "parley.deliver");
    Tracer.SpanInScope scope = span == null ? null : tracer.withSpan(span);
    try {
      frames.message(
          delivery.session,
          Destinations.MESSAGES,
          delivery.subscriptionId,
          guid,
          entry.body().getBytes(StandardCharsets.UTF_8),
          Map.of());
      log.debug("delivered {} to {}", guid, delivery.session);
    } finally {
      if (scope != null) {
        scope.close();
      }
      if (span != null) {
        span.end();
      }
    }
    delivered.increment();
    if (entry.serverTimestamp() > 0 && MailboxEntry.MESSAGE.equals(entry.kind())) {
      latency.record(Math.max(0, now - entry.serverTimestamp()), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * An ephemeral envelope relayed by routing: written if the session is subscribed and it has not
   * expired, never stored.
   */
  void ephemeral(EdgeSession session, String incarnation, MailboxEntry entry) {
    SessionDelivery delivery = bySession.get(session.id());
    long now = clock.millis();
    if (delivery == null
        || !delivery.address.incarnation().equals(incarnation)
        || entry.expiresAt() < now) {
      return;
    }
    String guid = guidOf(entry);
    send(delivery, guid, Long.MAX_VALUE, entry, true, now);
  }

  private static String guidOf(MailboxEntry entry) {
    String body = entry.body();
    int at = body.indexOf("\"guid\":\"");
    if (at < 0) {
      return UUID.randomUUID().toString();
    }
    int start = at + 8;
    int end = body.indexOf('"', start);
    return end < 0 ? UUID.randomUUID().toString() : body.substring(start, end);
  }

  // --- ACK / NACK ------------------------------------------------------------------------------

  @Override
  public void ack(EdgeSession session, String id, String receiptId) {
    SessionDelivery delivery = bySession.get(session.id());
    SessionDelivery.InFlight message =
        delivery == null || id == null ? null : delivery.inFlight.get(id);
    if (message == null) {
      unknown(session, id, receiptId);
      return;
    }
    if (message.ephemeral()) {
      delivery.inFlight.remove(id);
      frames.receipt(session, receiptId);
      request(delivery);
      return;
    }
    announce(session, id, message)
        .whenCompleteAsync(
            (ok, failure) -> {
              if (failure == null) {
                try {
                  mailbox.acknowledge(delivery.address, id);
                  acknowledged.increment();
                  delivery.inFlight.remove(id);
                  frames.receipt(session, receiptId);
                  request(delivery);
                  return;
                } catch (RuntimeException e) {
                  failure = e;
                }
              }
              log.warn("{}: ACK of {} not completed: {}", session, id, failure.toString());
              delivery.inFlight.remove(id);
              delivery.rewind(message.sequence());
              frames.notice(
                  session,
                  Notice.refusal(
                      "unavailable",
                      receiptId,
                      "the acknowledgement could not be recorded now; the message will be sent"
                          + " again",
                      Map.of("id", id)));
              request(delivery);
            },
            executor);
  }

  /** {@code MessageAcknowledged} for messages (receipts and rejections are just deleted). */
  private CompletableFuture<Void> announce(
      EdgeSession session, String guid, SessionDelivery.InFlight message) {
    if (!MailboxEntry.MESSAGE.equals(message.kind()) || message.senderAccount().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    UUID recipient = session.device().accountId();
    DeliveryEvent event =
        DeliveryEvent.newBuilder()
            .setMetadata(events.metadata())
            .setMessageAcknowledged(
                MessageAcknowledged.newBuilder()
                    .setRecipient(Events.device(recipient, session.device().deviceId()))
                    .setServerGuid(guid)
                    .setOriginalSender(
                        Events.device(
                            UUID.fromString(message.senderAccount()), message.senderDevice()))
                    .setClientMessageId(message.clientMessageId()))
            .build();
    return events.publishAsync(Topics.DELIVERIES, recipient.toString(), event);
  }

  @Override
  public void nack(EdgeSession session, String id, String receiptId) {
    SessionDelivery delivery = bySession.get(session.id());
    if (delivery == null || id == null || delivery.inFlight.remove(id) == null) {
      unknown(session, id, receiptId);
      return;
    }
    // Stays in the mailbox; the next session of the device gets it again.
    frames.receipt(session, receiptId);
    request(delivery);
  }

  private void unknown(EdgeSession session, String id, String receiptId) {
    frames.notice(
        session,
        Notice.refusal(
            "unknown_ack",
            receiptId,
            "no message delivered to this session and not yet acknowledged has that ack id",
            Map.of("id", id == null ? "" : id)));
  }

  /** Sessions delivering now (for tests and metrics). */
  int deliveringSessions() {
    return bySession.size();
  }

  @Override
  public void destroy() {
    retries.shutdownNow();
    executor.shutdownNow();
  }
}
