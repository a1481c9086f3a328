// One libsignal device talking to one other device, driven line by line over stdin/stdout by
// LibsignalInteropIT (libs/signal-protocol). LIBSIGNAL_PACKAGE picks the libsignal version.
//
// Requests, one per line, fields separated by spaces, bytes in base64, '-' for none:
//   bundle <pq:true|false>          -> ok <registrationId> <deviceId> <preKeyId> <preKey>
//                                      <signedPreKeyId> <signedPreKey> <signature> <identityKey>
//                                      <kyberPreKeyId> <kyberPreKey> <kyberSignature>
//   start <the 11 bundle fields>    -> ok
//   encrypt <plaintext>             -> ok <type> <body>
//   decrypt <type> <body>           -> ok <plaintext>
//   reinstall                       -> ok
//   version                         -> ok <libsignal version>
// Failures answer "error <kind> <message>", kind being libsignal's error code name or "Error".
// Nothing here logs keys or plaintext.

import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

const packageName = process.env.LIBSIGNAL_PACKAGE ?? '@signalapp/libsignal-client';
const signal = await import(packageName);
const {
  CiphertextMessageType,
  ErrorCode,
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
} = signal;

const remote = ProtocolAddress.new(process.env.REMOTE_NAME ?? 'parley', 1);

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const unb64 = (text) => Buffer.from(text, 'base64');
const bytesEqual = (a, b) => Buffer.from(a).equals(Buffer.from(b));

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
    return addresses.map((address) => SessionRecord.deserialize(this.#sessions.get(address.toString())));
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
    return previous && !bytesEqual(previous, key.serialize())
      ? IdentityChange.ReplacedExisting
      : IdentityChange.NewOrUnchanged;
  }
  async isTrustedIdentity(address, key, _direction) {
    const known = this.#known.get(address.toString());
    return known === undefined || bytesEqual(known, key.serialize());
  }
  async getIdentity(address) {
    const known = this.#known.get(address.toString());
    return known ? PublicKey.deserialize(known) : null;
  }
}

class MemoryPreKeyStore extends PreKeyStore {
  #records = new Map();
  async savePreKey(id, record) {
    this.#records.set(id, record.serialize());
  }
  async getPreKey(id) {
    const stored = this.#records.get(id);
    if (!stored) throw new Error(`no one-time prekey ${id}`);
    return PreKeyRecord.deserialize(stored);
  }
  async removePreKey(id) {
    this.#records.delete(id);
  }
}

class MemorySignedPreKeyStore extends SignedPreKeyStore {
  #records = new Map();
  async saveSignedPreKey(id, record) {
    this.#records.set(id, record.serialize());
  }
  async getSignedPreKey(id) {
    const stored = this.#records.get(id);
    if (!stored) throw new Error(`no signed prekey ${id}`);
    return SignedPreKeyRecord.deserialize(stored);
  }
}

class MemoryKyberPreKeyStore extends KyberPreKeyStore {
  #records = new Map();
  async saveKyberPreKey(id, record) {
    this.#records.set(id, record.serialize());
  }
  async getKyberPreKey(id) {
    const stored = this.#records.get(id);
    if (!stored) throw new Error(`no Kyber prekey ${id}`);
    return KyberPreKeyRecord.deserialize(stored);
  }
  async markKyberPreKeyUsed(id) {
    this.#records.delete(id);
  }
}

let device;
let nextId = 1;

function install() {
  const identity = IdentityKeyPair.generate();
  device = {
    identity,
    registrationId: 1 + Math.floor(Math.random() * 16380),
    sessions: new MemorySessionStore(),
    identities: new MemoryIdentityKeyStore(identity, 0),
    preKeys: new MemoryPreKeyStore(),
    signedPreKeys: new MemorySignedPreKeyStore(),
    kyberPreKeys: new MemoryKyberPreKeyStore(),
  };
  device.identities = new MemoryIdentityKeyStore(identity, device.registrationId);
}

async function bundle(pq) {
  const preKeyId = nextId++;
  const preKey = PrivateKey.generate();
  await device.preKeys.savePreKey(preKeyId, PreKeyRecord.new(preKeyId, preKey.getPublicKey(), preKey));
  const signedId = nextId++;
  const signed = PrivateKey.generate();
  const signature = device.identity.privateKey.sign(signed.getPublicKey().serialize());
  await device.signedPreKeys.saveSignedPreKey(
    signedId,
    SignedPreKeyRecord.new(signedId, Date.now(), signed.getPublicKey(), signed, signature),
  );
  let kyber = ['-', '-', '-'];
  if (pq) {
    const kyberId = nextId++;
    const pair = KEMKeyPair.generate();
    const kyberSignature = device.identity.privateKey.sign(pair.getPublicKey().serialize());
    await device.kyberPreKeys.saveKyberPreKey(
      kyberId,
      KyberPreKeyRecord.new(kyberId, Date.now(), pair, kyberSignature),
    );
    kyber = [String(kyberId), b64(pair.getPublicKey().serialize()), b64(kyberSignature)];
  }
  return [
    device.registrationId,
    1,
    preKeyId,
    b64(preKey.getPublicKey().serialize()),
    signedId,
    b64(signed.getPublicKey().serialize()),
    b64(signature),
    b64(device.identity.publicKey.serialize()),
    ...kyber,
  ].join(' ');
}

async function start(fields) {
  const [registrationId, deviceId, preKeyId, preKey, signedId, signed, signature, identity, kyberId, kyberKey, kyberSignature] = fields;
  const none = (value) => value === '-';
  const bundle = PreKeyBundle.new(
    Number(registrationId),
    Number(deviceId),
    none(preKeyId) ? null : Number(preKeyId),
    none(preKey) ? null : PublicKey.deserialize(unb64(preKey)),
    Number(signedId),
    PublicKey.deserialize(unb64(signed)),
    unb64(signature),
    PublicKey.deserialize(unb64(identity)),
    none(kyberId) ? null : Number(kyberId),
    none(kyberKey) ? null : KEMPublicKey.deserialize(unb64(kyberKey)),
    none(kyberSignature) ? null : unb64(kyberSignature),
  );
  await processPreKeyBundle(bundle, remote, device.sessions, device.identities);
  return '';
}

async function encrypt(plaintext) {
  const message = await signalEncrypt(unb64(plaintext), remote, device.sessions, device.identities);
  return `${message.type()} ${b64(message.serialize())}`;
}

async function decrypt(type, body) {
  const bytes = unb64(body);
  const plaintext =
    Number(type) === CiphertextMessageType.PreKey
      ? await signalDecryptPreKey(
          PreKeySignalMessage.deserialize(bytes),
          remote,
          device.sessions,
          device.identities,
          device.preKeys,
          device.signedPreKeys,
          device.kyberPreKeys,
        )
      : await signalDecrypt(SignalMessage.deserialize(bytes), remote, device.sessions, device.identities);
  return b64(plaintext);
}

function version() {
  const require = createRequire(import.meta.url);
  return require(`${packageName}/package.json`).version;
}

install();
const lines = createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  const [command, ...fields] = line.trim().split(' ');
  let answer;
  try {
    switch (command) {
      case 'bundle':
        answer = await bundle(fields[0] === 'true');
        break;
      case 'start':
        answer = await start(fields);
        break;
      case 'encrypt':
        answer = await encrypt(fields[0] ?? '');
        break;
      case 'decrypt':
        answer = await decrypt(fields[0], fields[1]);
        break;
      case 'reinstall':
        install();
        answer = '';
        break;
      case 'version':
        answer = version();
        break;
      default:
        throw new Error(`unknown command ${command}`);
    }
    process.stdout.write(`ok ${answer}\n`);
  } catch (e) {
    const kind = e.code !== undefined && ErrorCode[e.code] !== undefined ? ErrorCode[e.code] : 'Error';
    const message = String(e.message ?? e).replace(/\s+/g, ' ');
    process.stdout.write(`error ${kind} ${message}\n`);
  }
}
