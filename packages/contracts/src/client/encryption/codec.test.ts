import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, PayloadDecryptionError, encryptedDataConverterFromEnv } from './codec';
import { EncryptionKeyError, parseEncryptionKeys } from './keys';

const key = () => randomBytes(32).toString('base64');
const converter = new DefaultPayloadConverter();
const text = (u: Uint8Array | null | undefined) => Buffer.from(u ?? []).toString('utf8');

describe('parseEncryptionKeys', () => {
  it('takes the first key to encrypt and keeps every key to decrypt', () => {
    const ring = parseEncryptionKeys(` new:${key()} , old:${key()}`);
    expect(ring.current.id).toBe('new');
    expect([...ring.all.keys()]).toEqual(['new', 'old']);
  });

  it.each([
    ['', 'must list at least one'],
    [`:${key()}`, 'entry 1: must be keyId:base64key'],
    [`k1`, 'entry 1: must be keyId:base64key'],
    [`k 1:${key()}`, 'entry 1: must be keyId:base64key'],
    [`k1:${randomBytes(16).toString('base64')}`, 'entry 1 (k1): the key must be 32 bytes'],
    [`k1:not base64!`, 'entry 1 (k1): the key must be 32 bytes'],
    [`k1:${key()},k1:${key()}`, 'entry 2: key id "k1" is listed twice'],
  ])('refuses %j naming the variable and the entry', (raw, problem) => {
    expect(() => parseEncryptionKeys(raw)).toThrow(EncryptionKeyError);
    expect(() => parseEncryptionKeys(raw)).toThrow(`ORCHESTRATOR_ENCRYPTION_KEYS ${problem}`);
  });

  it('never echoes key material in its errors', () => {
    const short = randomBytes(31).toString('base64');
    expect(() => parseEncryptionKeys(`a:${short}`)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(short) }));
  });
});

describe('AesGcmPayloadCodec', () => {
  const secret = { subject: 'Zanzibar quokka invoice', text: 'Please refund order 4711' };

  it('round-trips payloads, hides the plaintext and names the key', async () => {
    const codec = new AesGcmPayloadCodec(parseEncryptionKeys(`k1:${key()}`));
    const payload = converter.toPayload(secret);
    const [encrypted] = await codec.encode([payload]);
    expect(text(encrypted?.metadata?.['encoding'])).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted?.metadata?.['encryption-key-id'])).toBe('k1');
    expect(text(encrypted?.data)).not.toContain('quokka');
    expect(JSON.stringify(encrypted)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encrypted!]);
    expect(converter.fromPayload(decoded!)).toEqual(secret);
  });

  it('uses a fresh IV per payload: the same value never encrypts to the same bytes', async () => {
    const codec = new AesGcmPayloadCodec(parseEncryptionKeys(`k1:${key()}`));
    const [a, b] = await codec.encode([converter.toPayload(secret), converter.toPayload(secret)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('reads payloads written under an old key after rotation, and writes with the new one', async () => {
    const oldKey = key();
    const before = new AesGcmPayloadCodec(parseEncryptionKeys(`2026-05:${oldKey}`));
    const [written] = await before.encode([converter.toPayload(secret)]);
    const after = new AesGcmPayloadCodec(parseEncryptionKeys(`2026-11:${key()},2026-05:${oldKey}`));
    expect(converter.fromPayload((await after.decode([written!]))[0]!)).toEqual(secret);
    const [rewritten] = await after.encode([converter.toPayload(secret)]);
    expect(text(rewritten?.metadata?.['encryption-key-id'])).toBe('2026-11');
  });

  it('passes unencrypted payloads through, so histories from before encryption still replay', async () => {
    const codec = new AesGcmPayloadCodec(parseEncryptionKeys(`k1:${key()}`));
    const plain = converter.toPayload(secret);
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('refuses a payload of a key that is no longer listed, naming the key', async () => {
    const [written] = await new AesGcmPayloadCodec(parseEncryptionKeys(`gone:${key()}`)).encode([converter.toPayload(secret)]);
    const codec = new AesGcmPayloadCodec(parseEncryptionKeys(`k1:${key()}`));
    await expect(codec.decode([written!])).rejects.toThrow(new PayloadDecryptionError('gone', 'no such key in ORCHESTRATOR_ENCRYPTION_KEYS (listed: k1)'));
  });

  it('refuses altered, truncated and relabelled payloads instead of returning garbage', async () => {
    const k1 = key();
    const codec = new AesGcmPayloadCodec(parseEncryptionKeys(`k1:${k1},k2:${k1}`));
    const [written] = await codec.encode([converter.toPayload(secret)]);
    const flipped = Buffer.from(written!.data!);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...written!, data: flipped }])).rejects.toThrow('authentication failed');
    await expect(codec.decode([{ ...written!, data: flipped.subarray(0, 10) }])).rejects.toThrow('too short');
    // Same key material under another id: the id is authenticated, so the relabelled payload fails.
    const relabelled = { ...written!, metadata: { ...written!.metadata, 'encryption-key-id': Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadDecryptionError);
  });
});

describe('encryptedDataConverterFromEnv', () => {
  it('is off without keys and a codec with them', () => {
    expect(encryptedDataConverterFromEnv({})).toBeUndefined();
    expect(encryptedDataConverterFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: ' ' })).toBeUndefined();
    expect(encryptedDataConverterFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: `k:${key()}` })?.payloadCodecs?.[0]).toBeInstanceOf(AesGcmPayloadCodec);
    expect(() => encryptedDataConverterFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: 'k:short' })).toThrow(EncryptionKeyError);
  });
});
