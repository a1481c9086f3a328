// Interop peer for LibsignalInteropIT: the official libsignal (@signalapp/libsignal-client)
// publishes keys through key-distribution-service's REST API and starts sessions from the bundles
// it serves. Run by the Java IT against a running service; exits 0 after the last check passes.
//
// Environment (all required):
//   PARLEY_KEYS_URL        base URL of key-distribution-service, e.g. http://localhost:8080
//   ALICE_ACCOUNT_ID, ALICE_REGISTRATION_ID, ALICE_TOKEN   the device that publishes keys (device 1)
//   BOB_ACCOUNT_ID, BOB_REGISTRATION_ID, BOB_TOKEN         the account that fetches them
//
// Alice uploads 2 one-time EC prekeys and 1 one-time Kyber prekey, so three fetches cover every
// bundle shape: one-time EC + one-time Kyber, one-time EC + last-resort Kyber, and no EC prekey +
// last-resort Kyber. Each fetch starts a session from one of Bob's devices (1, 2, 3; one identity
// per account, as in Signal), and each session carries a message both ways.
//
// Prints progress (key ids only, never key material or tokens) and a final "LIBSIGNAL INTEROP OK"
// line; on any failure prints "LIBSIGNAL INTEROP FAILED: <reason>" to stderr and exits 1.

import {
  CiphertextMessageType,
  IdentityChange,
  IdentityKeyPair,
  IdentityKeyStore,
  KEMKeyPair,
  KEMPublicKey,
  KyberPreKeyRecord,
  KyberPreKeyStore,
  PreKeyBundle,
  PreKeyRecord,
  PreKeySignalMessage,
  PreKeyStore,
  PrivateKey,
  ProtocolAddress,
  PublicKey,
  SessionRecord,
  SessionStore,
  SignalMessage,
  SignedPreKeyRecord,
  SignedPreKeyStore,
  processPreKeyBundle,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client';

const SIGNED_PRE_KEY_ID = 1;
const ONE_TIME_EC_IDS = [100, 101];
const ONE_TIME_KYBER_IDS = [1000];
const LAST_RESORT_KYBER_ID = 9999;
/** PreKeySignalMessage version of a PQXDH session (3 is plain X3DH, without Kyber). */
const PQXDH_VERSION = 4;

class InteropFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new InteropFailure(message);
  }
}

function env(name) {
  const value = process.env[name];
  check(value !== undefined && value !== '', `environment variable ${name} is not set`);
  return value;
}

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const unb64 = (text, field) => {
  check(typeof text === 'string', `bundle field ${field} is not a base64 string`);
  return Buffer.from(text, 'base64');
};

// ------------------------------------------------------------------------- in-memory stores

class MemorySessionStore extends SessionStore {
  #sessions = new Map();

  async saveSession(address, record) {
    this.#sessions.set(address.toString(), record.serialize());
  }

  async getSession(address) {
    const stored = this.#sessions.get(address.toString());
    return stored ? SessionRecord.deserialize(stored) : null;
  }

  async getExistingSessions(addresses) {
    return addresses.map((address) => {
      const stored = this.#sessions.get(address.toString());
      if (!stored) {
        throw new Error(`no session for ${address}`);
      }
      return SessionRecord.deserialize(stored);
    });
  }
}

/** Trusts an identity on first use and refuses a different one afterwards. */
class MemoryIdentityKeyStore extends IdentityKeyStore {
  #identity;
  #registrationId;
  #known = new Map();

  constructor(identity, registrationId) {
    super();
    this.#identity = identity;
    this.#registrationId = registrationId;
  }

  async getIdentityKey() {
    return this.#identity.privateKey;
  }

  async getLocalRegistrationId() {
    return this.#registrationId;
  }

  async saveIdentity(address, key) {
    const previous = this.#known.get(address.toString());
    this.#known.set(address.toString(), key.serialize());
    return previous && !previous.equals(key.serialize())
      ? IdentityChange.ReplacedExisting
      : IdentityChange.NewOrUnchanged;
  }

  async isTrustedIdentity(address, key, _direction) {
    const known = this.#known.get(address.toString());
    return known === undefined || known.equals(key.serialize());
  }

  async getIdentity(address) {
    const known = this.#known.get(address.toString());
    return known ? PublicKey.deserialize(known) : null;
  }
}

class MemoryPreKeyStore extends PreKeyStore {
  records = new Map();

  async savePreKey(id, record) {
    this.records.set(id, record.serialize());
  }

  async getPreKey(id) {
    const stored = this.records.get(id);
    if (!stored) {
      throw new Error(`no one-time prekey ${id}`);
    }
    return PreKeyRecord.deserialize(stored);
  }

  async removePreKey(id) {
    this.records.delete(id);
  }
}

class MemorySignedPreKeyStore extends SignedPreKeyStore {
  #records = new Map();

  async saveSignedPreKey(id, record) {
    this.#records.set(id, record.serialize());
  }

  async getSignedPreKey(id) {
    const stored = this.#records.get(id);
    if (!stored) {
      throw new Error(`no signed prekey ${id}`);
    }
    return SignedPreKeyRecord.deserialize(stored);
  }
}

/** Keeps used keys: a client deletes one-time Kyber keys, but never the last-resort one. */
class MemoryKyberPreKeyStore extends KyberPreKeyStore {
  #records = new Map();
  used = [];

  async saveKyberPreKey(id, record) {
    this.#records.set(id, record.serialize());
  }

  async getKyberPreKey(id) {
    const stored = this.#records.get(id);
    if (!stored) {
      throw new Error(`no Kyber prekey ${id}`);
    }
    return KyberPreKeyRecord.deserialize(stored);
  }

  async markKyberPreKeyUsed(id) {
    this.used.push(id);
  }
}

// ------------------------------------------------------------------------------------- HTTP

async function call(method, path, token, body) {
  const response = await fetch(env('PARLEY_KEYS_URL') + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, text };
}

// ------------------------------------------------------------------------------------ alice

async function makeAlice(registrationId) {
  const identity = IdentityKeyPair.generate();
  const stores = {
    identity: new MemoryIdentityKeyStore(identity, registrationId),
    sessions: new MemorySessionStore(),
    preKeys: new MemoryPreKeyStore(),
    signedPreKeys: new MemorySignedPreKeyStore(),
    kyberPreKeys: new MemoryKyberPreKeyStore(),
  };
  const now = Date.now();

  const signedPrivate = PrivateKey.generate();
  const signedPublic = signedPrivate.getPublicKey();
  const signedSignature = identity.privateKey.sign(signedPublic.serialize());
  await stores.signedPreKeys.saveSignedPreKey(
    SIGNED_PRE_KEY_ID,
    SignedPreKeyRecord.new(SIGNED_PRE_KEY_ID, now, signedPublic, signedPrivate, signedSignature),
  );

  const preKeys = [];
  for (const id of ONE_TIME_EC_IDS) {
    const privateKey = PrivateKey.generate();
    await stores.preKeys.savePreKey(id, PreKeyRecord.new(id, privateKey.getPublicKey(), privateKey));
    preKeys.push({ keyId: id, publicKey: b64(privateKey.getPublicKey().serialize()) });
  }

  const kyber = async (id) => {
    const keyPair = KEMKeyPair.generate();
    const signature = identity.privateKey.sign(keyPair.getPublicKey().serialize());
    await stores.kyberPreKeys.saveKyberPreKey(id, KyberPreKeyRecord.new(id, now, keyPair, signature));
    return { keyId: id, publicKey: b64(keyPair.getPublicKey().serialize()), signature: b64(signature) };
  };

  const upload = {
    identityKey: b64(identity.publicKey.serialize()),
    signedPreKey: {
      keyId: SIGNED_PRE_KEY_ID,
      publicKey: b64(signedPublic.serialize()),
      signature: b64(signedSignature),
    },
    preKeys,
    pqPreKeys: await Promise.all(ONE_TIME_KYBER_IDS.map(kyber)),
    pqLastResortPreKey: await kyber(LAST_RESORT_KYBER_ID),
  };
  return { identity, stores, upload };
}

// -------------------------------------------------------------------------------------- bob

/** The libsignal bundle of the one device in a GET /v1/keys/{account}/{device} response. */
function toPreKeyBundle(json, expected) {
  check(Array.isArray(json.devices) && json.devices.length === 1, 'expected exactly one device');
  const device = json.devices[0];
  check(device.deviceId === expected.deviceId, `deviceId ${device.deviceId}`);
  check(device.registrationId === expected.registrationId, `registrationId ${device.registrationId}`);
  const identityKey = PublicKey.deserialize(unb64(json.identityKey, 'identityKey'));
  check(
    identityKey.serialize().equals(expected.identityKey.serialize()),
    'identityKey is not the one alice uploaded',
  );
  const signed = device.signedPreKey;
  const signedPublic = PublicKey.deserialize(unb64(signed.publicKey, 'signedPreKey.publicKey'));
  const signedSignature = unb64(signed.signature, 'signedPreKey.signature');
  check(identityKey.verify(signedPublic.serialize(), signedSignature), 'signedPreKey signature');
  const pq = device.pqPreKey;
  const pqPublic = KEMPublicKey.deserialize(unb64(pq.publicKey, 'pqPreKey.publicKey'));
  const pqSignature = unb64(pq.signature, 'pqPreKey.signature');
  check(identityKey.verify(pqPublic.serialize(), pqSignature), 'pqPreKey signature');
  const preKey = device.preKey;
  return PreKeyBundle.new(
    device.registrationId,
    device.deviceId,
    preKey === null ? null : preKey.keyId,
    preKey === null ? null : PublicKey.deserialize(unb64(preKey.publicKey, 'preKey.publicKey')),
    signed.keyId,
    signedPublic,
    signedSignature,
    identityKey,
    pq.keyId,
    pqPublic,
    pqSignature,
  );
}

// ------------------------------------------------------------------------------------- main

async function main() {
  const aliceAccount = env('ALICE_ACCOUNT_ID');
  const aliceRegistrationId = Number(env('ALICE_REGISTRATION_ID'));
  const aliceToken = env('ALICE_TOKEN');
  const bobAccount = env('BOB_ACCOUNT_ID');
  const bobRegistrationId = Number(env('BOB_REGISTRATION_ID'));
  const bobToken = env('BOB_TOKEN');

  const alice = await makeAlice(aliceRegistrationId);
  const aliceAddress = ProtocolAddress.new(aliceAccount, 1);
  const uploaded = await call('PUT', '/v1/keys', aliceToken, alice.upload);
  check(uploaded.status === 204, `PUT /v1/keys answered ${uploaded.status}: ${uploaded.text}`);
  console.log(
    `alice uploaded: signed prekey ${SIGNED_PRE_KEY_ID}, one-time EC ${ONE_TIME_EC_IDS},` +
      ` one-time Kyber ${ONE_TIME_KYBER_IDS}, last-resort Kyber ${LAST_RESORT_KYBER_ID}`,
  );

  const bobIdentity = IdentityKeyPair.generate();
  const ecSeen = [];
  // What each fetch must hand out, in order: [one-time EC expected, Kyber id expected].
  const expectations = [
    [true, ONE_TIME_KYBER_IDS[0]],
    [true, LAST_RESORT_KYBER_ID],
    [false, LAST_RESORT_KYBER_ID],
  ];
  for (const [index, [expectEc, expectKyber]] of expectations.entries()) {
    const bobDevice = index + 1;
    const bobAddress = ProtocolAddress.new(bobAccount, bobDevice);
    const bob = {
      identity: new MemoryIdentityKeyStore(bobIdentity, bobRegistrationId),
      sessions: new MemorySessionStore(),
    };

    const fetched = await call('GET', `/v1/keys/${aliceAccount}/1`, bobToken);
    check(fetched.status === 200, `GET /v1/keys/{alice}/1 answered ${fetched.status}: ${fetched.text}`);
    const json = JSON.parse(fetched.text);
    const bundle = toPreKeyBundle(json, {
      deviceId: 1,
      registrationId: aliceRegistrationId,
      identityKey: alice.identity.publicKey,
    });
    const ecId = bundle.preKeyId();
    if (expectEc) {
      check(ONE_TIME_EC_IDS.includes(ecId) && !ecSeen.includes(ecId), `one-time EC prekey ${ecId}`);
      ecSeen.push(ecId);
    } else {
      check(ecId === null, `expected no one-time EC prekey once they ran out, got ${ecId}`);
    }
    check(bundle.kyberPreKeyId() === expectKyber, `Kyber prekey ${bundle.kyberPreKeyId()}, expected ${expectKyber}`);

    await processPreKeyBundle(bundle, aliceAddress, bob.sessions, bob.identity);

    // bob -> alice: the first message carries the PQXDH handshake.
    const hello = Buffer.from(`hello alice from bob's device ${bobDevice}`);
    const first = await signalEncrypt(hello, aliceAddress, bob.sessions, bob.identity);
    check(first.type() === CiphertextMessageType.PreKey, `first message type ${first.type()}`);
    const preKeyMessage = PreKeySignalMessage.deserialize(first.serialize());
    check(preKeyMessage.version() === PQXDH_VERSION, `message version ${preKeyMessage.version()}, not PQXDH`);
    const received = await signalDecryptPreKey(
      preKeyMessage,
      bobAddress,
      alice.stores.sessions,
      alice.stores.identity,
      alice.stores.preKeys,
      alice.stores.signedPreKeys,
      alice.stores.kyberPreKeys,
    );
    check(received.equals(hello), 'alice decrypted something else than bob sent');
    if (ecId !== null) {
      check(!alice.stores.preKeys.records.has(ecId), `alice did not consume one-time prekey ${ecId}`);
    }
    check(alice.stores.kyberPreKeys.used.at(-1) === expectKyber, 'alice did not use the Kyber prekey');

    // alice -> bob on the session the handshake created, then bob -> alice without a handshake.
    const replyText = Buffer.from(`hello bob's device ${bobDevice}, alice here`);
    const reply = await signalEncrypt(replyText, bobAddress, alice.stores.sessions, alice.stores.identity);
    check(reply.type() === CiphertextMessageType.Whisper, `reply type ${reply.type()}`);
    const replyReceived = await signalDecrypt(
      SignalMessage.deserialize(reply.serialize()),
      aliceAddress,
      bob.sessions,
      bob.identity,
    );
    check(replyReceived.equals(replyText), 'bob decrypted something else than alice sent');
    const again = Buffer.from('got it');
    const second = await signalEncrypt(again, aliceAddress, bob.sessions, bob.identity);
    check(second.type() === CiphertextMessageType.Whisper, `bob's second message type ${second.type()}`);
    const secondReceived = await signalDecrypt(
      SignalMessage.deserialize(second.serialize()),
      bobAddress,
      alice.stores.sessions,
      alice.stores.identity,
    );
    check(secondReceived.equals(again), "alice decrypted something else than bob's second message");

    console.log(
      `session ${bobDevice}: bundle (EC prekey ${ecId ?? 'none'}, signed prekey ${bundle.signedPreKeyId()},` +
        ` Kyber prekey ${bundle.kyberPreKeyId()}) -> PQXDH v${preKeyMessage.version()}, round trip ok`,
    );
  }
  console.log(`LIBSIGNAL INTEROP OK: 3 sessions from fetched bundles, messages decrypted both ways`);
}

try {
  await main();
} catch (e) {
  // Node's fetch hides the network error (refused, timed out) in the cause.
  const reason =
    e instanceof InteropFailure
      ? e.message
      : `${e.stack ?? e}${e.cause ? `\ncaused by: ${e.cause.stack ?? e.cause}` : ''}`;
  console.error(`LIBSIGNAL INTEROP FAILED: ${reason}`);
  process.exitCode = 1;
}
