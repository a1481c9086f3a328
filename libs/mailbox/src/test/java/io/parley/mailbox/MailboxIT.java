package io.parley.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.RedisClusterInfra;
import io.parley.testsupport.RedisInfra;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The mailbox scripts on a real Redis, and the same on a three-master Redis Cluster, where a script
 * touching two slots would fail: every key of a device, and its connection record, share the
 * device's slot.
 */
@ParleyInfraTest
class MailboxIT {

  private static final MailboxProperties SMALL =
      new MailboxProperties(Duration.ofDays(30), 3, 1, Duration.ofHours(24), 2);

  @Test
  void onOneRedis(RedisInfra redis) {
    with(new RedisStandaloneConfiguration(redis.host(), redis.port()), MailboxIT::behaves);
  }

  @Test
  void onARedisCluster(RedisClusterInfra cluster) {
    with(new RedisClusterConfiguration(List.of(cluster.seeds().split(","))), MailboxIT::behaves);
  }

  private static void with(
      org.springframework.data.redis.connection.RedisConfiguration configuration,
      Consumer<StringRedisTemplate> test) {
    LettuceConnectionFactory factory =
        configuration instanceof RedisClusterConfiguration cluster
            ? new LettuceConnectionFactory(cluster)
            : new LettuceConnectionFactory((RedisStandaloneConfiguration) configuration);
    factory.afterPropertiesSet();
    factory.start();
    try {
      test.accept(new StringRedisTemplate(factory));
    } finally {
      factory.destroy();
    }
  }

  private static MailboxEntry entry(String id, boolean system) {
    return new MailboxEntry(
        system ? MailboxEntry.DELIVERY_RECEIPT : MailboxEntry.MESSAGE,
        1_000,
        Long.MAX_VALUE,
        system ? "" : UUID.randomUUID().toString(),
        system ? 0 : 1,
        system ? "" : id,
        "{\"id\":\"" + id + "\"}");
  }

  private static void behaves(StringRedisTemplate redis) {
    Mailbox mailbox = new Mailbox(redis, SMALL, Clock.systemUTC());
    UUID account = UUID.randomUUID();
    MailboxAddress address = new MailboxAddress(account, 2, "inc-1");

    // appends in order, once per GUID
    assertThat(mailbox.append(address, "g1", entry("m1", false)).status())
        .isEqualTo(Mailbox.AppendStatus.APPENDED);
    assertThat(mailbox.append(address, "g1", entry("m1", false)).status())
        .isEqualTo(Mailbox.AppendStatus.DUPLICATE);
    mailbox.append(address, "g2", entry("m2", false));
    Mailbox.AppendResult third = mailbox.append(address, "g3", entry("m3", false));
    assertThat(third.length()).isEqualTo(3);
    assertThat(third.connectedNode()).isEmpty();

    // full for messages, the reserve still takes a receipt, then nothing
    assertThat(mailbox.append(address, "g4", entry("m4", false)).status())
        .isEqualTo(Mailbox.AppendStatus.FULL);
    assertThat(mailbox.append(address, "r1", entry("r1", true)).status())
        .isEqualTo(Mailbox.AppendStatus.APPENDED);
    assertThat(mailbox.append(address, "r2", entry("r2", true)).status())
        .isEqualTo(Mailbox.AppendStatus.FULL);

    // pages in order after a cursor; the entry comes back whole
    List<Mailbox.StoredEntry> page = mailbox.read(address, 0, 2);
    assertThat(page).extracting(Mailbox.StoredEntry::guid).containsExactly("g1", "g2");
    assertThat(page.get(0).entry().body()).isEqualTo("{\"id\":\"m1\"}");
    assertThat(page.get(0).entry().clientMessageId()).isEqualTo("m1");
    assertThat(mailbox.read(address, page.get(1).sequence(), 10))
        .extracting(Mailbox.StoredEntry::guid)
        .containsExactly("g3", "r1");

    // acknowledged: gone, and a replay of it is not appended again
    assertThat(mailbox.acknowledge(address, "g1")).isTrue();
    assertThat(mailbox.acknowledge(address, "g1")).isFalse();
    assertThat(mailbox.append(address, "g1", entry("m1", false)).status())
        .isEqualTo(Mailbox.AppendStatus.ALREADY_ACKNOWLEDGED);
    assertThat(mailbox.length(account, 2)).isEqualTo(3);

    // the connection record in the same slot is reported by the append
    redis.opsForHash().put(ConnectionKeys.connection(account, 2), "node", "edge-x");
    mailbox.acknowledge(address, "g2");
    assertThat(mailbox.append(address, "g5", entry("m5", false)).connectedNode())
        .isEqualTo("edge-x");

    // another incarnation reads nothing of this one's, and its first append wipes them
    MailboxAddress relinked = new MailboxAddress(account, 2, "inc-2");
    assertThat(mailbox.read(relinked, 0, 10)).isEmpty();
    mailbox.append(relinked, "n1", entry("n1", false));
    assertThat(mailbox.read(relinked, 0, 10))
        .extracting(Mailbox.StoredEntry::guid)
        .containsExactly("n1");
    assertThat(mailbox.read(address, 0, 10)).isEmpty();

    // a purge of the old incarnation leaves the new one; a purge of any removes all
    mailbox.purge(account, 2, "inc-1");
    assertThat(mailbox.length(account, 2)).isEqualTo(1);
    mailbox.purge(account, 2, null);
    assertThat(mailbox.exists(account, 2)).isFalse();
  }
}
