package io.parley.edge.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence watches at the edge ({@code parley.edge.presence.*}). presence-service is reached at
 * {@code parley.upstreams.presence} (its internal address, as for the REST routes).
 *
 * @param maxWatches accounts one session may watch at once
 * @param requestTimeout how long a watch waits for presence-service before the client gets {@code
 *     unavailable}
 * @param commandBurst watch/unwatch frames a session may send in a burst
 * @param commandsPerSecond and then per second
 */
@ConfigurationProperties("parley.edge.presence")
public record EdgePresenceProperties(
    @DefaultValue("1000") int maxWatches,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("20") int commandBurst,
    @DefaultValue("2") int commandsPerSecond) {

  public EdgePresenceProperties {
    if (maxWatches < 1 || commandBurst < 1 || commandsPerSecond < 1) {
      throw new IllegalArgumentException(
          "parley.edge.presence.max-watches, command-burst and commands-per-second must be at"
              + " least 1");
    }
  }
}
