import type { EnvSource } from '@org/orchestrator-contracts';
import { readEnvVariable } from '@org/orchestrator-contracts';
import { TemporalConfigError } from '@org/orchestrator-contracts/client';
import { CODEC_SERVER_ENV } from './worker-env';

/** Settings of `orchestrator-codec-server`, from {@link codecServerConfigFromEnv}. */
export interface CodecServerConfig {
  host: string;
  port: number;
  corsOrigins: string[];
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DEFAULT_CORS_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/**
 * The variables of `CODEC_SERVER_ENV` (the README's table): host (default `127.0.0.1`), port
 * (`8888`), CORS origins (default the dev server's UI) and the bearer token, required unless the
 * server listens on loopback only, since whoever reaches it reads every payload.
 * @throws {TemporalConfigError} (`EnvVariableError`) naming the variable.
 */
export function codecServerConfigFromEnv(env: EnvSource): CodecServerConfig {
  const host = readEnvVariable(env, CODEC_SERVER_ENV.host, TemporalConfigError) ?? '127.0.0.1';
  const port = readEnvVariable(env, CODEC_SERVER_ENV.port, TemporalConfigError) ?? 8888;
  const corsOrigins = readEnvVariable(env, CODEC_SERVER_ENV.corsOrigins, TemporalConfigError) ?? DEFAULT_CORS_ORIGINS;
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new TemporalConfigError('CODEC_SERVER_CORS_ORIGINS', `must list origins like https://temporal.example.com, got ${JSON.stringify(origin)}`);
  }
  const token = readEnvVariable(env, CODEC_SERVER_ENV.token, TemporalConfigError);
  if (token !== undefined && token.length < 16) throw new TemporalConfigError('CODEC_SERVER_TOKEN', 'must be at least 16 characters');
  if (!token && !LOOPBACK.has(host))
    throw new TemporalConfigError('CODEC_SERVER_TOKEN', `is required when CODEC_SERVER_HOST (${host}) is not a loopback address`);
  return { host, port, corsOrigins, token };
}
