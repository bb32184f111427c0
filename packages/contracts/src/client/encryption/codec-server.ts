import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';

/** How {@link createCodecServer} answers the Temporal Web UI. */
export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origins allowed by CORS, e.g. `['http://localhost:8233']` (the UI's own origin). */
  corsOrigins: readonly string[];
  /** When set, every `/encode` and `/decode` must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Largest request body accepted. @default 16 MiB */
  maxBodyBytes?: number;
}

/** A payload as the UI sends it (proto3 JSON: bytes in base64). */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new HttpError(400, `${where} must be base64`);
  return Buffer.from(value, 'base64');
}

function fromJson(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) throw new HttpError(400, 'body must be {"payloads": [...]}');
  return payloads.map((p: JsonPayload, i) => {
    if (typeof p !== 'object' || p === null) throw new HttpError(400, `payloads[${i}] must be an object`);
    const metadata: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(p.metadata ?? {})) metadata[key] = bytes(value, `payloads[${i}].metadata.${key}`);
    return { metadata, data: p.data === undefined ? new Uint8Array() : bytes(p.data, `payloads[${i}].data`) };
  });
}

function toJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  const b64 = (u: Uint8Array | null | undefined) => Buffer.from(u ?? new Uint8Array()).toString('base64');
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(p.data),
    })),
  };
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, `body over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * An HTTP codec server for the Temporal Web UI and CLI (`POST /encode`, `POST /decode`, the
 * `{payloads: [...]}` JSON of Temporal's remote codec protocol), so people with the token read
 * decrypted payloads while the server only ever stores ciphertext. CORS answers only the listed
 * origins; with a token set, requests without `Authorization: Bearer <token>` get 401 (the UI sends
 * its access token when `codec.passAccessToken` is on).
 * @example
 * const server = createCodecServer({ codec: new AesGcmPayloadCodec(keys), corsOrigins: ['http://localhost:8233'], token });
 * server.listen(8888, '127.0.0.1');
 */
export function createCodecServer(options: CodecServerOptions): Server {
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = request.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      if (!origin || !options.corsOrigins.includes(origin)) throw new HttpError(403, 'origin not allowed');
      response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Namespace');
      response.setHeader('Access-Control-Max-Age', '600');
      response.writeHead(204).end();
      return;
    }
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/encode' && path !== '/decode') throw new HttpError(404, 'use POST /encode or POST /decode');
    if (request.method !== 'POST') throw new HttpError(405, 'use POST');
    if (options.token !== undefined) {
      const auth = request.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
      if (!given || !sameToken(given, options.token)) throw new HttpError(401, 'a valid bearer token is required');
    }
    const payloads = fromJson(await readBody(request, maxBodyBytes));
    let result: Payload[];
    try {
      result = path === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    } catch (error) {
      throw new HttpError(422, error instanceof Error ? error.message : String(error));
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(toJson(result)));
  };
  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      // Drain what the client still sends, so it reads the answer instead of a reset.
      request.resume();
      if (!response.headersSent) response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: message }));
    });
  });
}
