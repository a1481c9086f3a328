package io.parley.edge.presence;

import io.parley.edge.session.ClientCommand;
import io.parley.edge.session.ClientFrames;
import io.parley.edge.session.EdgeSession;
import io.parley.edge.session.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code SEND /app/presence/watch} and {@code /app/presence/unwatch} with {@code {"accounts":
 * ["<account id>", ...]}}: the body is checked here (JSON, 1 to {@code max-watches} account ids),
 * then handed to {@link PresenceWatches}.
 */
@Configuration(proxyBeanMethods = false)
class WatchCommands {

  static final String WATCH = "/app/presence/watch";
  static final String UNWATCH = "/app/presence/unwatch";

  @Bean
  ClientCommand presenceWatchCommand(
      PresenceWatches watches,
      ClientFrames frames,
      JsonMapper json,
      EdgePresenceProperties properties) {
    return new Command(WATCH, frames, json, properties.maxWatches(), watches::watch);
  }

  @Bean
  ClientCommand presenceUnwatchCommand(
      PresenceWatches watches,
      ClientFrames frames,
      JsonMapper json,
      EdgePresenceProperties properties) {
    return new Command(UNWATCH, frames, json, properties.maxWatches(), watches::unwatch);
  }

  /** What a valid frame does. */
  @FunctionalInterface
  interface Action {
    void apply(EdgeSession session, List<UUID> accounts, String receiptId);
  }

  record Command(
      String destination, ClientFrames frames, JsonMapper json, int maxAccounts, Action action)
      implements ClientCommand {

    @Override
    public void handle(EdgeSession session, byte[] body, String receiptId) {
      JsonNode accounts;
      try {
        JsonNode node = json.readTree(body);
        accounts = node == null ? null : node.get("accounts");
      } catch (JacksonException e) {
        accounts = null;
      }
      if (accounts == null || !accounts.isArray()) {
        frames.notice(
            session,
            Notice.refusal(
                "malformed_body",
                receiptId,
                "expected a JSON object {\"accounts\": [\"<account id>\", ...]}"));
        return;
      }
      List<String> errors = new ArrayList<>();
      if (accounts.isEmpty()) {
        errors.add("accounts must name at least one account");
      } else if (accounts.size() > maxAccounts) {
        errors.add("accounts has " + accounts.size() + " entries; at most " + maxAccounts);
      }
      List<UUID> ids = new ArrayList<>(accounts.size());
      for (int i = 0; i < accounts.size() && errors.size() < 10; i++) {
        JsonNode entry = accounts.get(i);
        UUID id = entry.isString() ? parse(entry.asString()) : null;
        if (id == null) {
          errors.add("accounts[" + i + "] is not an account id (a UUID)");
        } else {
          ids.add(id);
        }
      }
      if (!errors.isEmpty()) {
        frames.notice(
            session,
            Notice.refusal(
                "invalid_watch",
                receiptId,
                "the watch request is not valid",
                Map.of("errors", errors, "maxAccounts", maxAccounts)));
        return;
      }
      action.apply(session, ids, receiptId);
    }

    private static UUID parse(String text) {
      try {
        return text.length() == 36 ? UUID.fromString(text) : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
