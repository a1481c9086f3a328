package io.parley.push.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountDeleted;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceUnlinked;
import io.parley.contracts.kafka.ProtobufSerializer;
import io.parley.security.DeviceAuthRecord;
import io.parley.testsupport.ParleyInfra;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Stands in for auth-service in push tests: real access tokens signed with a test key (served to
 * libs/service-security as the application's JWKSource), real device auth records in Redis, and the
 * real account events on Kafka. The same pattern as key-distribution-service's TestDevices.
 */
public final class TestDevices {

  /** A device as auth-service would have made it. */
  public record Device(UUID accountId, int deviceId, String token) {}

  public static final ECKey SIGNING_KEY = generate();

  private final StringRedisTemplate redis;

  public TestDevices(StringRedisTemplate redis) {
    this.redis = redis;
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new account's primary device. */
  public Device register() {
    return device(UUID.randomUUID(), 1);
  }

  public Device device(UUID accountId, int deviceId) {
    String incarnation = UUID.randomUUID().toString();
    redis
        .opsForHash()
        .putAll(
            DeviceAuthRecord.key(accountId, deviceId),
            Map.of(DeviceAuthRecord.INCARNATION, incarnation, DeviceAuthRecord.VALID_SINCE, "0"));
    return new Device(accountId, deviceId, token(accountId, deviceId, incarnation));
  }

  public void unlink(UUID accountId, int deviceId) {
    publish(
        accountId,
        AccountEvent.newBuilder()
            .setDeviceUnlinked(
                DeviceUnlinked.newBuilder().setDevice(Events.device(accountId, deviceId)))
            .build());
  }

  public void deleteAccount(UUID accountId, int... deviceIds) {
    AccountDeleted.Builder deleted = AccountDeleted.newBuilder().setAccountId(accountId.toString());
    for (int id : deviceIds) {
      deleted.addDeviceIds(id);
    }
    publish(accountId, AccountEvent.newBuilder().setAccountDeleted(deleted).build());
  }

  private static String token(UUID accountId, int deviceId, String incarnation) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("parley-auth")
            .subject(accountId.toString())
            .claim("dev", deviceId)
            .claim("inc", incarnation)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(900)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(SIGNING_KEY.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(SIGNING_KEY));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static void publish(UUID accountId, AccountEvent event) {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    AccountEvent withMetadata =
        event.toBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "auth-service", "test"))
            .build();
    try (KafkaProducer<String, AccountEvent> producer =
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            (topic, data) -> new ProtobufSerializer().serialize(topic, data))) {
      producer
          .send(new ProducerRecord<>(Topics.ACCOUNTS.name(), accountId.toString(), withMetadata))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish a test account event", e);
    }
  }
}
