import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import * as protoModule from '@temporalio/proto';
import { OrchestratorError } from '@org/orchestrator-contracts';
import type { EncryptionKeyRing } from './keys';
import { encryptionKeysFromEnv } from './keys';

/** `encoding` of an encrypted payload (the name Temporal's encryption samples use). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key that encrypted a payload. */
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';

// A CommonJS module whose named exports Node's ESM loader cannot detect: take them from `default` there.
const { temporal } = (protoModule as { default?: typeof protoModule }).default ?? protoModule;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload that cannot be decrypted: unknown key id, or data altered or cut (GCM tag mismatch). */
export class PayloadDecryptionError extends OrchestratorError {
  override readonly name = 'PayloadDecryptionError';
  constructor(
    readonly keyId: string,
    problem: string,
  ) {
    super('PayloadDecryptionFailed', `Cannot decrypt a payload encrypted with key ${JSON.stringify(keyId)}: ${problem}`);
  }
}

/**
 * AES-256-GCM payload codec. Each payload (its whole protobuf, metadata included) is encrypted with
 * the ring's current key and a fresh 12-byte IV: `data` = IV || ciphertext || tag, `metadata` =
 * `encoding: binary/encrypted` and `encryption-key-id`. The key id is authenticated (GCM additional
 * data), so a payload cannot be relabelled to another key. Decoding leaves unencrypted payloads as
 * they are (histories written before encryption was switched on still replay) and decrypts with
 * whichever listed key the payload names.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: EncryptionKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(encoder.encode(id));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ENCRYPTED_ENCODING), [ENCRYPTION_KEY_ID_METADATA]: encoder.encode(id) },
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[ENCRYPTION_KEY_ID_METADATA];
      const id = idBytes ? decoder.decode(idBytes) : '';
      const entry = this.keys.all.get(id);
      if (!entry) throw new PayloadDecryptionError(id, `no such key in ORCHESTRATOR_ENCRYPTION_KEYS (listed: ${[...this.keys.all.keys()].join(', ')})`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(id, 'the data is too short');
      try {
        const decipher = createDecipheriv('aes-256-gcm', entry.key, data.subarray(0, IV_BYTES));
        decipher.setAAD(encoder.encode(id));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        return temporal.api.common.v1.Payload.decode(plain) as Payload;
      } catch {
        throw new PayloadDecryptionError(id, 'authentication failed (wrong key, or the data was altered)');
      }
    });
  }
}

/**
 * The data converter for `ORCHESTRATOR_ENCRYPTION_KEYS`: `{ payloadCodecs: [AesGcmPayloadCodec] }`,
 * or `undefined` (Temporal's default, plaintext JSON) when no key is set. Give the same value to
 * the worker (`Worker.create({ dataConverter })`) and to every client (`new Client({ dataConverter })`,
 * `createThreadClient(config, { dataConverter })`): a client without it cannot read encrypted
 * state, and a worker without it cannot read what encrypting clients sent.
 * @throws {EncryptionKeyError} for a malformed key ring.
 */
export function encryptedDataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const keys = encryptionKeysFromEnv(env);
  return keys ? { payloadCodecs: [new AesGcmPayloadCodec(keys)] } : undefined;
}
