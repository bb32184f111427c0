import type { ClientConfigProfile } from '@temporalio/envconfig';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE, EnvVariableError, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';

/** Where and how to reach Temporal. Read from the environment by {@link temporalConfigFromEnv}. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /**
   * The rest of the Temporal client profile (TLS, API key, gRPC metadata) as
   * `@temporalio/envconfig` loaded it; absent means plain TCP (the local dev server).
   */
  profile?: ClientConfigProfile;
}

/** Raised for an unusable Temporal setting; names the variable: the one configuration error, `EnvVariableError`. */
export const TemporalConfigError = EnvVariableError;
export type TemporalConfigError = EnvVariableError;

/**
 * The Temporal variables the orchestrator reads itself, declared once: `TEMPORAL_TLS` (parsed as
 * every boolean, then handed to envconfig) and the orchestrator's own `TEMPORAL_TASK_QUEUE`. The
 * other `TEMPORAL_*` variables and the TOML profiles are `@temporalio/envconfig`'s, documented there.
 */
export const TEMPORAL_ENV = {
  tls: defineEnvVariable({
    name: 'TEMPORAL_TLS',
    schema: envSchemas.boolean,
    default: 'unset (off; on with `TEMPORAL_API_KEY` or TLS settings)',
    meaning: 'TLS to Temporal; `false` turns it off even with an API key',
  }),
  taskQueue: defineEnvVariable({
    name: 'TEMPORAL_TASK_QUEUE',
    schema: envSchemas.text('a task queue name'),
    default: `\`${DEFAULT_TASK_QUEUE}\``,
    meaning: 'The task queue the worker polls and the clients start threads on: the same value everywhere',
  }),
} as const;

/**
 * Reads the Temporal settings shared by the worker and every client with `@temporalio/envconfig`,
 * as Temporal's CLI and samples do: the profile `TEMPORAL_PROFILE` (default `default`) of the TOML
 * file `TEMPORAL_CONFIG_FILE` (default `~/.config/temporalio/temporal.toml`, optional), overridden by
 * the standard variables `TEMPORAL_ADDRESS` (default `localhost:7233`), `TEMPORAL_NAMESPACE`
 * (`default`), `TEMPORAL_API_KEY`, `TEMPORAL_TLS`, `TEMPORAL_TLS_CLIENT_CERT_PATH` / `_DATA`,
 * `TEMPORAL_TLS_CLIENT_KEY_PATH` / `_DATA`, `TEMPORAL_TLS_SERVER_CA_CERT_PATH` / `_DATA`,
 * `TEMPORAL_TLS_SERVER_NAME`, `TEMPORAL_GRPC_META_*`; and the orchestrator's `TEMPORAL_TASK_QUEUE`.
 * An API key implies TLS unless `TEMPORAL_TLS` is false. `TEMPORAL_TLS` takes the booleans every
 * setting takes (`true/1/yes/on`, `false/0/no/off`).
 * @throws {TemporalConfigError} naming the variable (or `TEMPORAL_CONFIG_FILE`/`TEMPORAL_PROFILE`).
 */
export function temporalConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const tlsFlag = readEnvVariable(env, TEMPORAL_ENV.tls, TemporalConfigError);
  // envconfig reads only `true`/`1` as true: hand it the flag already parsed the shared way.
  const envForProfile: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') envForProfile[name] = value.trim();
  if (tlsFlag !== undefined) envForProfile['TEMPORAL_TLS'] = String(tlsFlag);
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: envForProfile });
  } catch (error) {
    const variable = /Profile '/.test((error as Error).message) ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    throw new TemporalConfigError(variable, `cannot be used: ${(error as Error).message}`);
  }
  const address = profile.address || 'localhost:7233';
  if (!/^[^\s:]+:\d{1,5}$/.test(address)) {
    throw new TemporalConfigError('TEMPORAL_ADDRESS', `must be host:port, got ${JSON.stringify(address)}`);
  }
  const tls = profile.tls;
  if (tls && Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
    throw new TemporalConfigError(
      tls.clientCert ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH',
      'must be set together with its pair (client certificate and key)',
    );
  }
  // A TLS table with only `disabled: false`, or certificate settings, turns TLS on (as the CLI does).
  const rest: ClientConfigProfile = {
    ...(profile.apiKey ? { apiKey: profile.apiKey } : {}),
    ...(tls ? { tls } : {}),
    ...(profile.grpcMeta ? { grpcMeta: profile.grpcMeta } : {}),
  };
  return {
    address,
    namespace: profile.namespace || 'default',
    taskQueue: readEnvVariable(env, TEMPORAL_ENV.taskQueue, TemporalConfigError) ?? DEFAULT_TASK_QUEUE,
    ...(Object.keys(rest).length > 0 ? { profile: rest } : {}),
  };
}

/** Options accepted by both `Connection.connect` (clients) and `NativeConnection.connect` (workers). */
export interface TemporalConnectionOptions {
  address: string;
  tls: TLSConfig | false;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/** Connection options for `Connection.connect` / `NativeConnection.connect`, certificates read from disk. */
export function connectionOptions(config: TemporalConfig): TemporalConnectionOptions {
  let options;
  try {
    options = toClientOptions({ ...config.profile, address: config.address, namespace: config.namespace }).connectionOptions;
  } catch (error) {
    const path = (error as { path?: string }).path;
    throw new TemporalConfigError('TEMPORAL_TLS_*', `cannot be read${path ? ` (${path})` : ''}: ${(error as Error).message}`);
  }
  const tls = options.tls === true ? {} : options.tls || false;
  return {
    address: config.address,
    tls,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(config.profile?.grpcMeta && Object.keys(config.profile.grpcMeta).length > 0 ? { metadata: config.profile.grpcMeta } : {}),
  };
}
