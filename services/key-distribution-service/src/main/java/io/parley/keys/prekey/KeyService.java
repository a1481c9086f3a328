package io.parley.keys.prekey;

import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceKeysPublished;
import io.parley.contracts.events.v1.IdentityKeyChanged;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.contracts.events.v1.PreKeysLow;
import io.parley.keys.KeysProperties;
import io.parley.keys.crypto.XEdDSA;
import io.parley.keys.devices.DeviceDirectory;
import io.parley.runtime.events.EventPublisher;
import io.parley.runtime.ratelimit.TokenBuckets;
import io.parley.runtime.web.ApiException;
import io.parley.runtime.web.BadRequestException;
import io.parley.security.AuthenticatedDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Uploads (validated completely before anything is stored) and bundle fetches.
 *
 * <p>Formats are libsignal's: EC public keys 33 bytes (0x05 + Curve25519), Kyber1024 public keys
 * 1569 bytes (0x08 + 1568), signatures 64-byte XEdDSA by the account's identity key over the
 * serialized public key.
 */
@Service
public class KeyService {

  private static final Logger log = LoggerFactory.getLogger(KeyService.class);
  static final int EC_KEY_LENGTH = 33;
  static final int KYBER_KEY_LENGTH = 1569;
  static final int SIGNATURE_LENGTH = 64;
  static final long MAX_KEY_ID = (1L << 31) - 1;

  private final KeyStore store;
  private final DeviceDirectory directory;
  private final EventPublisher events;
  private final TokenBuckets buckets;
  private final TokenBuckets.Limit fetchLimit;
  private final KeysProperties properties;

  KeyService(
      KeyStore store,
      DeviceDirectory directory,
      EventPublisher events,
      TokenBuckets buckets,
      KeysProperties properties) {
    this.store = store;
    this.directory = directory;
    this.events = events;
    this.buckets = buckets;
    this.properties = properties;
    this.fetchLimit =
        new TokenBuckets.Limit(
            "keys-fetch", properties.fetchCapacity(), properties.fetchRefillEvery());
  }

  // ------------------------------------------------------------------------------------ upload

  public void upload(AuthenticatedDevice device, UploadRequest request) {
    UUID accountId = device.accountId();
    Optional<String> stored = store.identity(accountId);
    byte[] identity;
    if (request.identityKey() != null) {
      identity = decode(request.identityKey(), "identityKey");
      checkEcKey(identity, "identityKey");
      if (stored.isPresent()
          && !Arrays.equals(identity, Base64.getDecoder().decode(stored.get()))) {
        throw new ApiException(
            HttpStatus.CONFLICT,
            "identity-key-fixed",
            "identityKey differs from the account's; it changes only when the number is registered"
                + " again");
      }
    } else {
      identity = stored.map(Base64.getDecoder()::decode).orElse(null);
    }
    boolean signsSomething =
        request.signedPreKey() != null
            || request.pqPreKeys() != null
            || request.pqLastResortPreKey() != null;
    if (identity == null && signsSomething) {
      throw new BadRequestException(
          "identityKey", "is required: the account has no identity key yet");
    }

    KeyStore.Signed signed = signedEc(request.signedPreKey(), "signedPreKey", identity);
    KeyStore.Signed lastResort =
        signedKyber(request.pqLastResortPreKey(), "pqLastResortPreKey", identity);
    List<Bundle.KeyView> preKeys = oneTimeEc(request.preKeys());
    List<KeyStore.Signed> pqPreKeys = null;
    if (request.pqPreKeys() != null) {
      checkCount(request.pqPreKeys().size(), "pqPreKeys");
      pqPreKeys = new ArrayList<>();
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < request.pqPreKeys().size(); i++) {
        String field = "pqPreKeys[" + i + "]";
        KeyStore.Signed key = signedKyber(request.pqPreKeys().get(i), field, identity);
        if (!ids.add(key.keyId())) {
          throw new BadRequestException(field + ".keyId", "is a duplicate");
        }
        pqPreKeys.add(key);
      }
    }

    // Everything is valid: now write. The identity first, so the keys never name a missing one.
    if (request.identityKey() != null && stored.isEmpty()) {
      String encoded = Base64.getEncoder().encodeToString(identity);
      if (!store.setIdentityIfAbsent(accountId, encoded)
          && !store.identity(accountId).map(encoded::equals).orElse(false)) {
        throw new ApiException(
            HttpStatus.CONFLICT, "identity-key-fixed", "another identityKey was set concurrently");
      }
      store
          .takePreviousIdentity(accountId)
          .filter(previous -> !previous.equals(encoded))
          .ifPresent(previous -> identityChanged(accountId, identity));
    }
    KeyStore.Completeness completeness =
        store.upload(accountId, device.deviceId(), signed, lastResort, preKeys, pqPreKeys);
    if (!completeness.before() && completeness.after()) {
      int registrationId = directory.registrationId(accountId, device.deviceId()).orElse(0);
      events.publish(
          Topics.KEYS,
          accountId.toString(),
          KeyEvent.newBuilder()
              .setMetadata(events.metadata())
              .setDeviceKeysPublished(
                  DeviceKeysPublished.newBuilder()
                      .setDevice(Events.device(accountId, device.deviceId()))
                      .setRegistrationId(registrationId))
              .build());
      log.info("device {} is reachable: its signed and last-resort prekeys are stored", device);
    }
  }

  private void identityChanged(UUID accountId, byte[] identity) {
    events.publish(
        Topics.KEYS,
        accountId.toString(),
        KeyEvent.newBuilder()
            .setMetadata(events.metadata())
            .setIdentityKeyChanged(
                IdentityKeyChanged.newBuilder()
                    .setAccountId(accountId.toString())
                    .setIdentityKey(com.google.protobuf.ByteString.copyFrom(identity)))
            .build());
    log.info("identity key of account {} changed", accountId);
  }

  private List<Bundle.KeyView> oneTimeEc(List<UploadRequest.OneTimeKey> keys) {
    if (keys == null) {
      return null;
    }
    checkCount(keys.size(), "preKeys");
    List<Bundle.KeyView> views = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      String field = "preKeys[" + i + "]";
      UploadRequest.OneTimeKey key = keys.get(i);
      checkKeyId(key.keyId(), field + ".keyId");
      if (!ids.add(key.keyId())) {
        throw new BadRequestException(field + ".keyId", "is a duplicate");
      }
      byte[] publicKey = decode(key.publicKey(), field + ".publicKey");
      checkEcKey(publicKey, field + ".publicKey");
      views.add(new Bundle.KeyView(key.keyId(), Base64.getEncoder().encodeToString(publicKey)));
    }
    return views;
  }

  private KeyStore.Signed signedEc(UploadRequest.SignedKey key, String field, byte[] identity) {
    if (key == null) {
      return null;
    }
    checkKeyId(key.keyId(), field + ".keyId");
    byte[] publicKey = decode(key.publicKey(), field + ".publicKey");
    checkEcKey(publicKey, field + ".publicKey");
    return signed(key, field, publicKey, identity);
  }

  private KeyStore.Signed signedKyber(UploadRequest.SignedKey key, String field, byte[] identity) {
    if (key == null) {
      return null;
    }
    checkKeyId(key.keyId(), field + ".keyId");
    byte[] publicKey = decode(key.publicKey(), field + ".publicKey");
    if (publicKey.length != KYBER_KEY_LENGTH || publicKey[0] != 0x08) {
      throw new BadRequestException(
          field + ".publicKey", "must be a Kyber1024 public key: 1569 bytes starting with 0x08");
    }
    return signed(key, field, publicKey, identity);
  }

  private static KeyStore.Signed signed(
      UploadRequest.SignedKey key, String field, byte[] publicKey, byte[] identity) {
    byte[] signature = decode(key.signature(), field + ".signature");
    if (signature.length != SIGNATURE_LENGTH) {
      throw new BadRequestException(field + ".signature", "must be 64 bytes");
    }
    if (!XEdDSA.verifySerialized(identity, publicKey, signature)) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "bad-signature",
          field + ".signature does not verify with the account's identity key");
    }
    return new KeyStore.Signed(
        key.keyId(),
        Base64.getEncoder().encodeToString(publicKey),
        Base64.getEncoder().encodeToString(signature));
  }

  private void checkCount(int count, String field) {
    if (count > properties.maxOneTimeKeys()) {
      throw new BadRequestException(
          field, "has " + count + " keys; at most " + properties.maxOneTimeKeys());
    }
  }

  private static void checkKeyId(Long keyId, String field) {
    if (keyId == null || keyId < 0 || keyId > MAX_KEY_ID) {
      throw new BadRequestException(field, "must be from 0 to 2^31-1");
    }
  }

  private static void checkEcKey(byte[] key, String field) {
    if (key.length != EC_KEY_LENGTH || key[0] != 0x05) {
      throw new BadRequestException(field, "must be an EC public key: 33 bytes starting with 0x05");
    }
  }

  private static byte[] decode(String base64, String field) {
    if (base64 == null) {
      throw new BadRequestException(field, "is required");
    }
    if (base64.length() > 4 * KYBER_KEY_LENGTH) {
      throw new BadRequestException(field, "is too long");
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(field, "is not standard base64");
    }
  }

  // ------------------------------------------------------------------------------------- fetch

  /** The bundle of one device, or of every reachable device when {@code deviceId} is null. */
  public Bundle fetch(AuthenticatedDevice requester, UUID accountId, Integer deviceId) {
    Map<Integer, Integer> devices = directory.devices(accountId);
    if (deviceId != null) {
      Integer registration = devices.get(deviceId);
      devices = registration == null ? Map.of() : Map.of(deviceId, registration);
    }
    buckets.take(
        fetchLimit,
        requester.accountId() + ":" + requester.deviceId(),
        Math.max(1, devices.size()));
    String identity =
        store
            .identity(accountId)
            .orElseThrow(
                () ->
                    new ApiException(HttpStatus.NOT_FOUND, "no-keys", "no keys for this account"));
    List<Bundle.DeviceBundle> bundles = new ArrayList<>();
    for (Map.Entry<Integer, Integer> entry : devices.entrySet()) {
      int id = entry.getKey();
      store
          .take(accountId, id)
          .ifPresent(taken -> bundles.add(bundle(accountId, id, entry.getValue(), taken)));
    }
    if (bundles.isEmpty()) {
      throw new ApiException(HttpStatus.NOT_FOUND, "no-keys", "no reachable device with keys");
    }
    return new Bundle(identity, bundles);
  }

  private Bundle.DeviceBundle bundle(
      UUID accountId, int deviceId, int registrationId, KeyStore.Taken taken) {
    int threshold = properties.lowThreshold();
    boolean ecCrossed = taken.preKey() != null && taken.ecLeft() == threshold - 1;
    boolean pqCrossed = !taken.pqWasLastResort() && taken.pqLeft() == threshold - 1;
    if (ecCrossed || pqCrossed) {
      preKeysLow(accountId, deviceId, taken);
    }
    KeyStore.Signed s = taken.signedPreKey();
    KeyStore.Signed pq = taken.pqPreKey();
    return new Bundle.DeviceBundle(
        deviceId,
        registrationId,
        new Bundle.SignedView(s.keyId(), s.publicKey(), s.signature()),
        taken.preKey(),
        new Bundle.SignedView(pq.keyId(), pq.publicKey(), pq.signature()));
  }

  /**
   * Exactly one fetch sees the stock go from the threshold to one below it (each take removes one
   * key atomically), so each crossing yields one event. A failure to publish it must not fail the
   * fetch that already took keys: the device will also see the low count on its next check.
   */
  private void preKeysLow(UUID accountId, int deviceId, KeyStore.Taken taken) {
    try {
      events.publish(
          Topics.KEYS,
          accountId.toString(),
          KeyEvent.newBuilder()
              .setMetadata(events.metadata())
              .setPreKeysLow(
                  PreKeysLow.newBuilder()
                      .setDevice(Events.device(accountId, deviceId))
                      .setEcPreKeysRemaining((int) taken.ecLeft())
                      .setKyberPreKeysRemaining((int) taken.pqLeft()))
              .build());
    } catch (ApiException e) {
      log.warn("PreKeysLow for account {} device {} not published", accountId, deviceId);
    }
  }

  /** One-time EC and Kyber prekeys the calling device has left. */
  public long[] count(AuthenticatedDevice device) {
    return store.counts(device.accountId(), device.deviceId());
  }
}
