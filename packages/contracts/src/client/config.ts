import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE } from '@org/orchestrator-contracts';

/** Where and how to reach Temporal. Read from the environment by {@link temporalConfigFromEnv}. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS settings; `undefined` means plain TCP (the local dev server). */
  tls?: {
    clientCertPath?: string;
    clientKeyPath?: string;
    serverCaCertPath?: string;
    serverName?: string;
  };
  apiKey?: string;
}

/** Raised for an unusable Temporal setting; names the variable. */
export class TemporalConfigError extends Error {
  override readonly name = 'TemporalConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

/**
 * Reads the Temporal settings shared by the worker and every client, using Temporal's own
 * variable names: `TEMPORAL_ADDRESS` (default `localhost:7233`), `TEMPORAL_NAMESPACE`
 * (`default`), `TEMPORAL_TASK_QUEUE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS`,
 * `TEMPORAL_TLS_CLIENT_CERT_PATH`, `TEMPORAL_TLS_CLIENT_KEY_PATH`,
 * `TEMPORAL_TLS_SERVER_CA_CERT_PATH`, `TEMPORAL_TLS_SERVER_NAME`.
 */
export function temporalConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const address = env['TEMPORAL_ADDRESS']?.trim() || 'localhost:7233';
  if (!/^[^\s:]+:\d{1,5}$/.test(address)) {
    throw new TemporalConfigError('TEMPORAL_ADDRESS', `must be host:port, got ${JSON.stringify(address)}`);
  }
  const tlsFlag = env['TEMPORAL_TLS']?.trim().toLowerCase();
  if (tlsFlag && !['true', 'false', '1', '0'].includes(tlsFlag)) {
    throw new TemporalConfigError('TEMPORAL_TLS', `must be true or false, got ${JSON.stringify(tlsFlag)}`);
  }
  const tlsFiles = {
    clientCertPath: env['TEMPORAL_TLS_CLIENT_CERT_PATH'] || undefined,
    clientKeyPath: env['TEMPORAL_TLS_CLIENT_KEY_PATH'] || undefined,
    serverCaCertPath: env['TEMPORAL_TLS_SERVER_CA_CERT_PATH'] || undefined,
    serverName: env['TEMPORAL_TLS_SERVER_NAME'] || undefined,
  };
  if (Boolean(tlsFiles.clientCertPath) !== Boolean(tlsFiles.clientKeyPath)) {
    throw new TemporalConfigError(
      tlsFiles.clientCertPath ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH',
      'must be set together with its pair (client certificate and key)',
    );
  }
  const apiKey = env['TEMPORAL_API_KEY'] || undefined;
  const anyTlsFile = Object.values(tlsFiles).some(Boolean);
  // An API key implies TLS (as Temporal Cloud requires) unless TLS is explicitly off.
  const tlsOn = tlsFlag ? tlsFlag === 'true' || tlsFlag === '1' : anyTlsFile || Boolean(apiKey);
  return {
    address,
    namespace: env['TEMPORAL_NAMESPACE']?.trim() || 'default',
    taskQueue: env['TEMPORAL_TASK_QUEUE']?.trim() || DEFAULT_TASK_QUEUE,
    tls: tlsOn ? tlsFiles : undefined,
    apiKey,
  };
}

/** Options accepted by both `Connection.connect` (clients) and `NativeConnection.connect` (workers). */
export interface TemporalConnectionOptions {
  address: string;
  tls: TLSConfig | false;
  apiKey?: string;
}

/** Connection options for `Connection.connect` / `NativeConnection.connect`, certificates read from disk. */
export function connectionOptions(config: TemporalConfig): TemporalConnectionOptions {
  const read = (variable: string, path: string | undefined) => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new TemporalConfigError(variable, `cannot be read (${(error as Error).message})`);
    }
  };
  const tls = config.tls && {
    serverNameOverride: config.tls.serverName,
    serverRootCACertificate: read('TEMPORAL_TLS_SERVER_CA_CERT_PATH', config.tls.serverCaCertPath),
    clientCertPair:
      config.tls.clientCertPath && config.tls.clientKeyPath
        ? {
            crt: read('TEMPORAL_TLS_CLIENT_CERT_PATH', config.tls.clientCertPath) as Buffer,
            key: read('TEMPORAL_TLS_CLIENT_KEY_PATH', config.tls.clientKeyPath) as Buffer,
          }
        : undefined,
  };
  return { address: config.address, tls: tls ?? false, apiKey: config.apiKey };
}
