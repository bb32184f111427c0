import { EnvVariableError, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';

/** One AES-256 key and the id written next to every payload it encrypted. */
export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/**
 * The keys of {@link ORCHESTRATOR_ENCRYPTION_KEYS}: the first encrypts, every one decrypts (so
 * payloads written before a rotation stay readable while the old key is listed).
 */
export interface EncryptionKeyRing {
  current: EncryptionKey;
  all: ReadonlyMap<string, EncryptionKey>;
}

/** The variable holding the key ring: comma-separated `keyId:base64key`, the first encrypts. */
export const ENCRYPTION_KEYS_VARIABLE = 'ORCHESTRATOR_ENCRYPTION_KEYS';

/** The key ring's variable, declared once (read by every process that talks to Temporal; tabled in the READMEs). */
export const ENCRYPTION_ENV = {
  keys: defineEnvVariable({
    name: ENCRYPTION_KEYS_VARIABLE,
    // Plain text here: the ring is parsed by `parseEncryptionKeys`, whose errors never echo key material.
    schema: envSchemas.text('`keyId:base64key[,…]`: 32-byte keys, e.g. `2026-11:$(openssl rand -base64 32)`'),
    default: 'unset (payloads in plaintext)',
    meaning:
      'AES-256-GCM payload encryption: the first key encrypts, every listed key decrypts (rotation). The worker, the ingress, the inbox, the `orchestrator` CLI and the codec server must hold the same ring',
  }),
} as const;

/** Raised for an unusable key ring; names the variable (never a key). */
export class EncryptionKeyError extends EnvVariableError {
  override readonly name = 'EncryptionKeyError';
  constructor(problem: string) {
    super(ENCRYPTION_KEYS_VARIABLE, problem);
  }
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses `keyId:base64key[,keyId:base64key...]`. Each key must decode to exactly 32 bytes (AES-256);
 * ids are 1-64 characters of `A-Z a-z 0-9 . _ -` and unique. Errors say which entry is wrong without
 * echoing key material.
 * @example
 * parseEncryptionKeys(`2026-11:${randomBytes(32).toString('base64')},2026-05:${oldKey}`)
 */
export function parseEncryptionKeys(raw: string): EncryptionKeyRing {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new EncryptionKeyError('must list at least one keyId:base64key');
  const all = new Map<string, EncryptionKey>();
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const material = colon > 0 ? entry.slice(colon + 1) : '';
    const where = `entry ${index + 1}`;
    if (!KEY_ID.test(id)) throw new EncryptionKeyError(`${where}: must be keyId:base64key with an id of 1-64 characters A-Z a-z 0-9 . _ -`);
    if (all.has(id)) throw new EncryptionKeyError(`${where}: key id ${JSON.stringify(id)} is listed twice`);
    const key = BASE64.test(material) ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) throw new EncryptionKeyError(`${where} (${id}): the key must be 32 bytes in base64 (e.g. openssl rand -base64 32)`);
    all.set(id, { id, key });
  });
  return { current: all.values().next().value as EncryptionKey, all };
}

/** The key ring from `ORCHESTRATOR_ENCRYPTION_KEYS`, or `undefined` when it is unset or blank. */
export function encryptionKeysFromEnv(env: NodeJS.ProcessEnv = process.env): EncryptionKeyRing | undefined {
  const raw = readEnvVariable(env, ENCRYPTION_ENV.keys);
  return raw ? parseEncryptionKeys(raw) : undefined;
}
