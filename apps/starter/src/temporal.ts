import type { Client } from '@temporalio/client';
import { createThreadClient, encryptedDataConverterFromEnv, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';
import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
import type { TemporalSession } from './context';
import { TemporalUnavailableError } from './errors';

/** How long to try to reach the server before saying it is unreachable. */
const CONNECT_TIMEOUT = '5s';

/**
 * Connects to Temporal with the shared environment settings (`TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, `TEMPORAL_TASK_QUEUE`, TLS and API key variables), encrypting payloads
 * with `ORCHESTRATOR_ENCRYPTION_KEYS` when it is set (as the worker must), tracing with `OTEL_*`
 * (each command a trace the worker's workflow and activity spans join).
 * @throws {TemporalConfigError} for an unusable setting.
 * @throws {TemporalUnavailableError} when the server cannot be reached.
 */
export async function connectFromEnv(env: NodeJS.ProcessEnv): Promise<TemporalSession> {
  const config = temporalConfigFromEnv(env);
  const dataConverter = encryptedDataConverterFromEnv(env);
  const tracing = tracingFromEnv(env, { serviceName: 'orchestrator-cli' });
  let client: Client;
  try {
    client = await createThreadClient(config, { connectTimeout: CONNECT_TIMEOUT, dataConverter, interceptors: tracing?.clientInterceptors });
  } catch (error) {
    await tracing?.shutdown();
    throw new TemporalUnavailableError(config.address, config.namespace, error);
  }
  return {
    client,
    config,
    close: async () => {
      await client.connection.close();
      await tracing?.shutdown();
    },
  };
}
