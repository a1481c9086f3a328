package io.parley.client;

import io.parley.client.internal.Rest;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.PreKeyRecord;
import io.parley.signal.store.SignalProtocolStore;
import io.parley.signal.store.SignedPreKeyRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * This device's prekeys: made here, private halves kept in the store, public halves uploaded with
 * {@code PUT /v1/keys}. Worker thread only.
 */
final class KeyManager {

  /** One-time EC prekeys per upload (the server's maximum per list). */
  static final int ONE_TIME_KEYS = 100;

  /** One-time Kyber prekeys per upload. */
  static final int KYBER_KEYS = 100;

  /** Refill when fewer than this many one-time keys of a kind are left on the server. */
  static final int REFILL_BELOW = 25;

  /** Signed prekeys are replaced this often (as Signal clients do). */
  static final Duration SIGNED_PREKEY_ROTATION = Duration.ofDays(2);

  /** Replaced signed prekeys stay this long for messages still in flight that used them. */
  static final Duration SIGNED_PREKEY_GRACE = Duration.ofDays(30);

  private static final int MAX_ID = 0xFFFFFF;

  private final Rest rest;
  private final SignalProtocolStore store;
  private final DeviceState state;
  private final Tokens tokens;
  private final Clock clock;
  private final SecureRandom random;

  KeyManager(
      Rest rest,
      SignalProtocolStore store,
      DeviceState state,
      Tokens tokens,
      Clock clock,
      SecureRandom random) {
    this.rest = rest;
    this.store = store;
    this.state = state;
    this.tokens = tokens;
    this.clock = clock;
    this.random = random;
  }

  /** After registering or linking: identity, signed prekey, one-time keys, last-resort key. */
  void uploadAll() {
    state.nextPreKeyId = 1 + random.nextInt(MAX_ID / 2);
    state.nextKyberPreKeyId = 1 + random.nextInt(MAX_ID / 2);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("identityKey", b64(store.identityKeyPair().publicKey().serialize()));
    body.put("signedPreKey", newSignedPreKey());
    body.put("preKeys", newPreKeys());
    body.put("pqPreKeys", newKyberPreKeys());
    KyberPreKeyRecord lastResort = kyber(true);
    state.lastResortKyberId = lastResort.id();
    body.put("pqLastResortPreKey", signed(lastResort));
    state.keysUploaded = false;
    state.save();
    rest.put("v1/keys", body, tokens.current());
    state.keysUploaded = true;
    state.save();
  }

  /** Uploads fresh one-time keys of the kinds running low. */
  void refillIfLow() {
    JsonNode count = rest.get("v1/keys/count", tokens.current());
    Map<String, Object> body = new LinkedHashMap<>();
    if (count.path("count").asLong() < REFILL_BELOW) {
      body.put("preKeys", newPreKeys());
    }
    if (count.path("pqCount").asLong() < REFILL_BELOW) {
      body.put("pqPreKeys", newKyberPreKeys());
    }
    if (!body.isEmpty()) {
      state.save();
      rest.put("v1/keys", body, tokens.current());
    }
  }

  /** Replaces the signed prekey when it is older than the rotation period. */
  void rotateIfDue() {
    long now = clock.millis();
    if (now - state.signedPreKeyCreatedAt < SIGNED_PREKEY_ROTATION.toMillis()) {
      return;
    }
    Map<String, Object> signed = newSignedPreKey();
    state.save();
    rest.put("v1/keys", Map.of("signedPreKey", signed), tokens.current());
    for (SignedPreKeyRecord old : store.loadSignedPreKeys()) {
      if (old.id() != state.signedPreKeyId
          && now - old.timestamp() > SIGNED_PREKEY_GRACE.toMillis()) {
        store.removeSignedPreKey(old.id());
      }
    }
  }

  private Map<String, Object> newSignedPreKey() {
    int id = state.signedPreKeyId % MAX_ID + 1;
    ECKeyPair identity = store.identityKeyPair();
    SignedPreKeyRecord record = SignedPreKeyRecord.generate(id, identity, clock, random);
    store.storeSignedPreKey(id, record);
    state.signedPreKeyId = id;
    state.signedPreKeyCreatedAt = record.timestamp();
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("keyId", id);
    key.put("publicKey", b64(record.keyPair().publicKey().serialize()));
    key.put("signature", b64(record.signature()));
    return key;
  }

  private List<Map<String, Object>> newPreKeys() {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (int i = 0; i < ONE_TIME_KEYS; i++) {
      int id = state.nextPreKeyId;
      state.nextPreKeyId = id % MAX_ID + 1;
      PreKeyRecord record = PreKeyRecord.generate(id, random);
      store.storePreKey(id, record);
      keys.add(Map.of("keyId", id, "publicKey", b64(record.keyPair().publicKey().serialize())));
    }
    return keys;
  }

  private List<Map<String, Object>> newKyberPreKeys() {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (int i = 0; i < KYBER_KEYS; i++) {
      keys.add(signed(kyber(false)));
    }
    return keys;
  }

  private KyberPreKeyRecord kyber(boolean lastResort) {
    int id = state.nextKyberPreKeyId;
    state.nextKyberPreKeyId = id % MAX_ID + 1;
    KyberPreKeyRecord record =
        KyberPreKeyRecord.generate(id, lastResort, store.identityKeyPair(), clock, random);
    store.storeKyberPreKey(id, record);
    return record;
  }

  private static Map<String, Object> signed(KyberPreKeyRecord record) {
    return Map.of(
        "keyId",
        record.id(),
        "publicKey",
        b64(record.keyPair().publicKey().serialize()),
        "signature",
        b64(record.signature()));
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
