import { TemporalConfigError } from '@org/orchestrator-contracts/client';

/** Settings of `orchestrator-codec-server`, from {@link codecServerConfigFromEnv}. */
export interface CodecServerConfig {
  host: string;
  port: number;
  corsOrigins: string[];
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * `CODEC_SERVER_HOST` (default `127.0.0.1`), `CODEC_SERVER_PORT` (default `8888`),
 * `CODEC_SERVER_CORS_ORIGINS` (comma-separated; default the dev server's UI,
 * `http://localhost:8233,http://127.0.0.1:8233`), `CODEC_SERVER_TOKEN` (the bearer token; required
 * unless the server listens on loopback only, since whoever reaches it reads every payload).
 */
export function codecServerConfigFromEnv(env: NodeJS.ProcessEnv): CodecServerConfig {
  const host = env['CODEC_SERVER_HOST']?.trim() || '127.0.0.1';
  const rawPort = env['CODEC_SERVER_PORT']?.trim() || '8888';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TemporalConfigError('CODEC_SERVER_PORT', `must be a port number, got ${JSON.stringify(rawPort)}`);
  const corsOrigins = (env['CODEC_SERVER_CORS_ORIGINS'] ?? 'http://localhost:8233,http://127.0.0.1:8233')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new TemporalConfigError('CODEC_SERVER_CORS_ORIGINS', `must list origins like https://temporal.example.com, got ${JSON.stringify(origin)}`);
  }
  const token = env['CODEC_SERVER_TOKEN'] || undefined;
  if (token !== undefined && token.length < 16) throw new TemporalConfigError('CODEC_SERVER_TOKEN', 'must be at least 16 characters');
  if (!token && !LOOPBACK.has(host))
    throw new TemporalConfigError('CODEC_SERVER_TOKEN', `is required when CODEC_SERVER_HOST (${host}) is not a loopback address`);
  return { host, port, corsOrigins, token };
}
