package io.parley.presence.privacy;

import io.parley.presence.PresenceProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Privacy settings and contact lists, and the rules that read them.
 *
 * <p>A viewer V sees target T's online status if T's {@code online} setting allows V ({@code
 * everyone}, or {@code contacts} and V is in T's contacts). V sees T's last seen if T's {@code
 * lastSeen} setting allows V <em>and</em> V's own {@code lastSeen} setting allows T: who hides
 * their last seen from someone cannot see that someone's (WhatsApp's reciprocal rule, made
 * symmetric so that "contacts" hides from non-contacts both ways). An account always sees itself.
 *
 * <p>Keys, each in the account's hash slot: {@code presence:settings:{<account>}} (HASH {@code
 * online}, {@code lastSeen}: {@code everyone|contacts|nobody}; absent: the default) and {@code
 * presence:contacts:{<account>}} (SET of account ids). Both are durable as the presence Redis is.
 */
@Component
public class Privacy {

  /** Replaces a set with the given members in one step (chunks stay below Lua's stack limit). */
  private static final RedisScript<Long> REPLACE_SET =
      RedisScript.of(
          """
          redis.call('DEL', KEYS[1])
          for i = 1, #ARGV, 1000 do
            redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
          end
          return #ARGV
          """,
          Long.class);

  private final StringRedisTemplate redis;
  private final Visibility defaultVisibility;

  Privacy(StringRedisTemplate redis, PresenceProperties properties) {
    this.redis = redis;
    this.defaultVisibility = properties.defaultVisibility();
  }

  public static String settingsKey(UUID accountId) {
    return "presence:settings:{" + accountId + "}";
  }

  public static String contactsKey(UUID accountId) {
    return "presence:contacts:{" + accountId + "}";
  }

  public PrivacySettings settings(UUID accountId) {
    List<Object> values =
        redis.opsForHash().multiGet(settingsKey(accountId), List.of("online", "lastSeen"));
    return new PrivacySettings(visibility(values.get(0)), visibility(values.get(1)));
  }

  public void putSettings(UUID accountId, PrivacySettings settings) {
    redis
        .opsForHash()
        .putAll(
            settingsKey(accountId),
            Map.of("online", settings.online().tag(), "lastSeen", settings.lastSeen().tag()));
  }

  public Set<UUID> contacts(UUID accountId) {
    Set<String> members = redis.opsForSet().members(contactsKey(accountId));
    Set<UUID> contacts = new LinkedHashSet<>();
    if (members != null) {
      members.forEach(m -> contacts.add(UUID.fromString(m)));
    }
    return contacts;
  }

  /** Replaces the contact list. */
  public void putContacts(UUID accountId, Collection<UUID> contacts) {
    if (contacts.isEmpty()) {
      redis.delete(contactsKey(accountId));
      return;
    }
    redis.execute(
        REPLACE_SET,
        List.of(contactsKey(accountId)),
        contacts.stream().map(UUID::toString).toArray());
  }

  /** Forgets an account's settings and contacts. */
  public void purge(UUID accountId) {
    redis.delete(List.of(settingsKey(accountId), contactsKey(accountId)));
  }

  /**
   * What each viewer may see of the target: a few pipelined reads whatever the number of viewers
   * (the target's settings and contact memberships, then each viewer's last-seen setting and, where
   * it is {@code contacts}, whether the target is in their contacts).
   */
  public Map<UUID, Access> access(UUID target, Collection<UUID> viewers) {
    Map<UUID, Access> result = new HashMap<>();
    if (viewers.isEmpty()) {
      return result;
    }
    PrivacySettings own = settings(target);
    List<UUID> others = new ArrayList<>();
    for (UUID viewer : viewers) {
      if (viewer.equals(target)) {
        result.put(viewer, Access.ALL);
      } else {
        others.add(viewer);
      }
    }
    if (others.isEmpty()) {
      return result;
    }
    boolean needContacts =
        own.online() == Visibility.CONTACTS || own.lastSeen() == Visibility.CONTACTS;
    boolean[] inContacts = new boolean[others.size()];
    if (needContacts) {
      // SMISMEMBER: one round trip for all viewers.
      Map<Object, Boolean> byMember =
          redis
              .opsForSet()
              .isMember(contactsKey(target), others.stream().map(UUID::toString).toArray());
      for (int i = 0; i < others.size(); i++) {
        inContacts[i] =
            byMember != null && Boolean.TRUE.equals(byMember.get(others.get(i).toString()));
      }
    }
    List<UUID> reciprocal = new ArrayList<>();
    List<Integer> reciprocalIndex = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      boolean online = own.online().allows(inContacts[i]);
      boolean lastSeen = own.lastSeen().allows(inContacts[i]);
      result.put(others.get(i), new Access(online, lastSeen));
      if (lastSeen) {
        reciprocal.add(others.get(i));
        reciprocalIndex.add(i);
      }
    }
    if (reciprocal.isEmpty()) {
      return result;
    }
    // The reciprocal rule: each viewer's own last-seen setting toward the target.
    String targetId = target.toString();
    List<Object> replies =
        redis.executePipelined(
            (RedisCallback<Object>)
                connection -> {
                  StringRedisConnection c = new DefaultStringRedisConnection(connection);
                  for (UUID viewer : reciprocal) {
                    c.hGet(settingsKey(viewer), "lastSeen");
                    c.sIsMember(contactsKey(viewer), targetId);
                  }
                  return null;
                });
    for (int j = 0; j < reciprocal.size(); j++) {
      Visibility theirs = visibility(replies.get(2 * j));
      boolean targetIsTheirContact = Boolean.TRUE.equals(replies.get(2 * j + 1));
      if (!theirs.allows(targetIsTheirContact)) {
        UUID viewer = reciprocal.get(j);
        result.put(viewer, new Access(result.get(viewer).online(), false));
      }
    }
    return result;
  }

  /**
   * What one viewer may see of each target (a watch snapshot): two round trips whatever the number
   * of targets (the viewer's settings, then one pipeline with each target's settings and the two
   * contact memberships).
   */
  public Map<UUID, Access> accessOf(UUID viewer, Collection<UUID> targets) {
    Map<UUID, Access> result = new HashMap<>();
    List<UUID> others = new ArrayList<>();
    for (UUID target : targets) {
      if (target.equals(viewer)) {
        result.put(target, Access.ALL);
      } else {
        others.add(target);
      }
    }
    if (others.isEmpty()) {
      return result;
    }
    Visibility viewersLastSeen = settings(viewer).lastSeen();
    String viewerId = viewer.toString();
    List<Object> replies =
        redis.executePipelined(
            (RedisCallback<Object>)
                connection -> {
                  StringRedisConnection c = new DefaultStringRedisConnection(connection);
                  for (UUID target : others) {
                    c.hMGet(settingsKey(target), "online", "lastSeen");
                    c.sIsMember(contactsKey(target), viewerId);
                    c.sIsMember(contactsKey(viewer), target.toString());
                  }
                  return null;
                });
    for (int i = 0; i < others.size(); i++) {
      List<?> settings = (List<?>) replies.get(3 * i);
      boolean viewerIsTheirContact = Boolean.TRUE.equals(replies.get(3 * i + 1));
      boolean theyAreViewersContact = Boolean.TRUE.equals(replies.get(3 * i + 2));
      Visibility online = visibility(settings == null ? null : settings.get(0));
      Visibility lastSeen = visibility(settings == null ? null : settings.get(1));
      result.put(
          others.get(i),
          new Access(
              online.allows(viewerIsTheirContact),
              lastSeen.allows(viewerIsTheirContact)
                  && viewersLastSeen.allows(theyAreViewersContact)));
    }
    return result;
  }

  private Visibility visibility(Object stored) {
    if (stored == null) {
      return defaultVisibility;
    }
    String text =
        stored instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : stored.toString();
    Visibility v = Visibility.fromTag(text);
    return v == null ? defaultVisibility : v;
  }
}
