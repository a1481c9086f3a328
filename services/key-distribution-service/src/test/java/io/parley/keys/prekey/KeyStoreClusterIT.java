package io.parley.keys.prekey;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.RedisClusterInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The same atomicity on a three-master Redis Cluster, where a cross-slot script would fail. */
@ParleyInfraTest
class KeyStoreClusterIT {

  @Test
  void fiftyConcurrentTakesOnAClusterHandOutTwentyKeysExactlyOnce(RedisClusterInfra cluster)
      throws Exception {
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            new RedisClusterConfiguration(List.of(cluster.seeds().split(","))));
    factory.afterPropertiesSet();
    factory.start();
    try {
      StringRedisTemplate redis = new StringRedisTemplate(factory);
      KeyStore store = new KeyStore(redis);
      UUID account = UUID.randomUUID();
      List<Bundle.KeyView> ec = new ArrayList<>();
      List<KeyStore.Signed> pq = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ec.add(new Bundle.KeyView(i, "ec" + i));
        pq.add(new KeyStore.Signed(100 + i, "pq" + i, "sig"));
      }
      KeyStore.Completeness completeness =
          store.upload(
              account,
              3,
              new KeyStore.Signed(1, "spk", "sig"),
              new KeyStore.Signed(9, "lr", "sig"),
              ec,
              pq);
      assertThat(completeness.after()).isTrue();

      ExecutorService pool = Executors.newFixedThreadPool(50);
      List<Future<Optional<KeyStore.Taken>>> takes = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        takes.add(pool.submit(() -> store.take(account, 3)));
      }
      List<Long> ecTaken = new ArrayList<>();
      List<Long> pqTaken = new ArrayList<>();
      for (Future<Optional<KeyStore.Taken>> take : takes) {
        KeyStore.Taken taken = take.get().orElseThrow();
        if (taken.preKey() != null) {
          ecTaken.add(taken.preKey().keyId());
        }
        if (!taken.pqWasLastResort()) {
          pqTaken.add(taken.pqPreKey().keyId());
        }
      }
      pool.shutdown();

      assertThat(ecTaken).hasSize(20).doesNotHaveDuplicates();
      assertThat(pqTaken).hasSize(20).doesNotHaveDuplicates();
      store.purge(account, 3);
      assertThat(store.take(account, 3)).isEmpty();
    } finally {
      factory.destroy();
    }
  }
}
