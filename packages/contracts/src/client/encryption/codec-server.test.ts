import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DefaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './codec';
import { createCodecServer } from './codec-server';
import { parseEncryptionKeys } from './keys';

const UI = 'http://localhost:8233';
const TOKEN = 'codec-token-for-tests';
const converter = new DefaultPayloadConverter();
const codec = new AesGcmPayloadCodec(parseEncryptionKeys(`k1:${randomBytes(32).toString('base64')}`));
const b64 = (u: Uint8Array | null | undefined) => Buffer.from(u ?? []).toString('base64');

describe('createCodecServer', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createCodecServer({ codec, corsOrigins: [UI], token: TOKEN, maxBodyBytes: 64 * 1024 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: UI, Authorization: `Bearer ${TOKEN}`, 'X-Namespace': 'default', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('decodes what the worker stored, for the UI, with CORS for its origin', async () => {
    const [encrypted] = await codec.encode([converter.toPayload({ text: 'Zanzibar quokka' })]);
    const response = await post('/decode', {
      payloads: [
        {
          metadata: { encoding: b64(encrypted!.metadata!['encoding']), 'encryption-key-id': b64(encrypted!.metadata!['encryption-key-id']) },
          data: b64(encrypted!.data),
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await response.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata['encoding']!, 'base64').toString()).toBe('json/plain');
    expect(Buffer.from(payloads[0]!.data, 'base64').toString()).toBe('{"text":"Zanzibar quokka"}');
  });

  it('encodes, and the result decodes back', async () => {
    const plain = converter.toPayload('hello');
    const encoded = (await (
      await post('/encode', { payloads: [{ metadata: { encoding: b64(plain.metadata!['encoding']) }, data: b64(plain.data) }] })
    ).json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    expect(Buffer.from(encoded.payloads[0]!.data, 'base64').toString()).not.toContain('hello');
    const decoded = (await (await post('/decode', encoded)).json()) as { payloads: { data: string }[] };
    expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).toBe('"hello"');
  });

  it('answers the preflight of the allowed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${url}/decode`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-namespace' },
      });
    const allowed = await preflight(UI);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    const payloads = { payloads: [] };
    expect((await post('/decode', payloads, { Authorization: '' })).status).toBe(401);
    expect((await post('/decode', payloads, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post('/decode', payloads, { Authorization: TOKEN })).status).toBe(401);
  });

  it('refuses malformed, oversized and undecryptable bodies with a clear status', async () => {
    expect((await post('/decode', 'not json')).status).toBe(400);
    expect((await post('/decode', { payloads: 'x' })).status).toBe(400);
    const bad = await post('/decode', { payloads: [{ metadata: { encoding: '***' }, data: '' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'payloads[0].metadata.encoding must be base64' });
    expect((await post('/decode', { payloads: [{ data: 'A'.repeat(100_000) }] })).status).toBe(413);
    const forged = { metadata: { encoding: b64(Buffer.from('binary/encrypted')), 'encryption-key-id': b64(Buffer.from('k1')) }, data: b64(randomBytes(64)) };
    const undecryptable = await post('/decode', { payloads: [forged] });
    expect(undecryptable.status).toBe(422);
    expect(((await undecryptable.json()) as { error: string }).error).toContain('authentication failed');
    expect((await post('/other', { payloads: [] })).status).toBe(404);
    expect((await fetch(`${url}/decode`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });
});
