package io.parley.auth.events;

import com.google.protobuf.Message;
import io.parley.auth.web.ApiException;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.runtime.ParleyProperties;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes account and device events to {@code parley.accounts.v1}, keyed by account, and waits for
 * the broker's acknowledgement (acks=all): a change is reported done only once every service can
 * learn of it.
 */
@Component
public class AccountEvents {

  private static final Logger log = LoggerFactory.getLogger(AccountEvents.class);

  private final KafkaTemplate<String, Message> kafka;
  private final Clock clock;
  private final String nodeId;

  AccountEvents(KafkaTemplate<String, Message> kafka, Clock clock, ParleyProperties properties) {
    this.kafka = kafka;
    this.clock = clock;
    this.nodeId = properties.nodeId();
  }

  /** Publishes one event; a broker that does not acknowledge in time is a 503. */
  public void publish(UUID accountId, Consumer<AccountEvent.Builder> event) {
    AccountEvent.Builder builder =
        AccountEvent.newBuilder().setMetadata(Events.metadata(clock, "auth-service", nodeId));
    event.accept(builder);
    AccountEvent built = builder.build();
    try {
      kafka.send(Topics.ACCOUNTS.name(), accountId.toString(), built).get(10, TimeUnit.SECONDS);
      log.info("published {} for account {}", built.getEventCase(), accountId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  private static ApiException unavailable(Exception cause) {
    log.warn("could not publish an account event: {}", cause.toString());
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "the change could not be recorded; retry");
  }
}
