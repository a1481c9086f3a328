package io.parley.security.test;

import com.google.protobuf.Message;
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
import io.parley.contracts.events.v1.AccountRegistered;
import io.parley.contracts.events.v1.DeviceKeysPublished;
import io.parley.contracts.events.v1.DeviceLinked;
import io.parley.contracts.events.v1.DeviceTokensRevoked;
import io.parley.contracts.events.v1.DeviceUnlinked;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.contracts.kafka.ProtobufSerializer;
import io.parley.security.DeviceAuthRecord;
import io.parley.testsupport.ParleyInfra;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
 * Stands in for auth-service (and, for {@link #keysPublished}, key-distribution) in other services'
 * tests: real ES256 tokens signed with {@link #SIGNING_KEY}, real device auth records in Redis (the
 * layout of {@link DeviceAuthRecord}), and the real events on Kafka, written with acks=all before
 * each method returns.
 */
public final class TestDevices {

  /**
   * A device as auth-service would have made it.
   *
   * @param incarnation the incarnation its tokens carry (claim {@code inc})
   * @param token an access token valid for 15 minutes
   */
  public record Device(
      UUID accountId, int deviceId, int registrationId, String incarnation, String token) {

    /** A fresh access token for the same device, issued now, valid for {@code lifetime}. */
    public String token(Duration lifetime) {
      return TestDevices.token(accountId, deviceId, incarnation, Instant.now(), lifetime);
    }
  }

  public static final ECKey SIGNING_KEY = generate();
  public static final String ISSUER = "parley-auth";

  private static final SecureRandom RANDOM = new SecureRandom();

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

  /** A new account with its primary device (id 1); {@code AccountRegistered} published. */
  public Device register() {
    UUID accountId = UUID.randomUUID();
    Device device = device(accountId, 1);
    publishAccount(
        accountId,
        AccountEvent.newBuilder()
            .setAccountRegistered(
                AccountRegistered.newBuilder()
                    .setAccountId(accountId.toString())
                    .setPrimaryDeviceId(1)
                    .setRegistrationId(device.registrationId())
                    .setPrimaryDeviceIncarnation(device.incarnation()))
            .build());
    return device;
  }

  /** A linked device; {@code DeviceLinked} published. */
  public Device link(UUID accountId, int deviceId) {
    Device device = device(accountId, deviceId);
    publishAccount(
        accountId,
        AccountEvent.newBuilder()
            .setDeviceLinked(
                DeviceLinked.newBuilder()
                    .setDevice(Events.device(accountId, deviceId))
                    .setRegistrationId(device.registrationId())
                    .setIncarnation(device.incarnation()))
            .build());
    return device;
  }

  /** A reinstall of the account's primary device: {@code AccountRegistered} with reinstall. */
  public void reinstall(UUID accountId, int registrationId) {
    publishAccount(
        accountId,
        AccountEvent.newBuilder()
            .setAccountRegistered(
                AccountRegistered.newBuilder()
                    .setAccountId(accountId.toString())
                    .setPrimaryDeviceId(1)
                    .setRegistrationId(registrationId)
                    .setReinstall(true))
            .build());
  }

  /** The device published its keys, as key-distribution announces it. */
  public void keysPublished(Device device) {
    KeyEvent event =
        KeyEvent.newBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "key-distribution-service", "test"))
            .setDeviceKeysPublished(
                DeviceKeysPublished.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setRegistrationId(device.registrationId()))
            .build();
    publish(Topics.KEYS.name(), device.accountId(), event);
  }

  /** The device removed: its auth record deleted, then {@code DeviceUnlinked} published. */
  public void unlink(UUID accountId, int deviceId) {
    unlink(accountId, deviceId, "");
  }

  public void unlink(Device device) {
    unlink(device.accountId(), device.deviceId(), device.incarnation());
  }

  private void unlink(UUID accountId, int deviceId, String incarnation) {
    redis.delete(DeviceAuthRecord.key(accountId, deviceId));
    publishAccount(
        accountId,
        AccountEvent.newBuilder()
            .setDeviceUnlinked(
                DeviceUnlinked.newBuilder()
                    .setDevice(Events.device(accountId, deviceId))
                    .setIncarnation(incarnation))
            .build());
  }

  /**
   * Every token issued before now revoked: record updated, {@code DeviceTokensRevoked} published.
   */
  public void revokeTokens(Device device) {
    Instant now = Instant.now().plusSeconds(1);
    redis
        .opsForHash()
        .put(
            DeviceAuthRecord.key(device.accountId(), device.deviceId()),
            DeviceAuthRecord.VALID_SINCE,
            Long.toString(now.getEpochSecond()));
    publishAccount(
        device.accountId(),
        AccountEvent.newBuilder()
            .setDeviceTokensRevoked(
                DeviceTokensRevoked.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setRevokedBefore(Events.timestamp(now))
                    .setIncarnation(device.incarnation()))
            .build());
  }

  /** The account deleted: records deleted, {@code AccountDeleted} published. */
  public void deleteAccount(UUID accountId, int... deviceIds) {
    AccountDeleted.Builder deleted = AccountDeleted.newBuilder().setAccountId(accountId.toString());
    for (int id : deviceIds) {
      deleted.addDeviceIds(id);
      redis.delete(DeviceAuthRecord.key(accountId, id));
    }
    publishAccount(accountId, AccountEvent.newBuilder().setAccountDeleted(deleted).build());
  }

  private Device device(UUID accountId, int deviceId) {
    String incarnation = UUID.randomUUID().toString();
    redis
        .opsForHash()
        .putAll(
            DeviceAuthRecord.key(accountId, deviceId),
            Map.of(DeviceAuthRecord.INCARNATION, incarnation, DeviceAuthRecord.VALID_SINCE, "0"));
    int registrationId = 1 + RANDOM.nextInt(16000);
    return new Device(
        accountId,
        deviceId,
        registrationId,
        incarnation,
        token(accountId, deviceId, incarnation, Instant.now(), Duration.ofMinutes(15)));
  }

  /** An access token as auth-service signs them. */
  public static String token(
      UUID accountId, int deviceId, String incarnation, Instant issuedAt, Duration lifetime) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(accountId.toString())
            .claim("dev", deviceId)
            .claim("inc", incarnation)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(lifetime)))
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

  private static void publishAccount(UUID accountId, AccountEvent event) {
    publish(
        Topics.ACCOUNTS.name(),
        accountId,
        event.toBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "auth-service", "test"))
            .build());
  }

  private static void publish(String topic, UUID accountId, Message event) {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, Message> producer =
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            (t, data) -> new ProtobufSerializer().serialize(t, data))) {
      producer
          .send(new ProducerRecord<>(topic, accountId.toString(), event))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish a test event to " + topic, e);
    }
  }
}
