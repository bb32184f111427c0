import type { DataConverter, Duration } from '@temporalio/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from './config';
import { connectionOptions, temporalConfigFromEnv } from './config';

/** Options of {@link createThreadClient}. */
export interface ThreadClientOptions {
  connectTimeout?: Duration;
  /**
   * Payload encryption (opt-in): pass `encryptedDataConverterFromEnv()` so what this service sends
   * is stored encrypted, as the orchestrator's own processes do with `ORCHESTRATOR_ENCRYPTION_KEYS`.
   */
  dataConverter?: DataConverter;
  /** Client interceptors, e.g. `tracingFromEnv(...)?.clientInterceptors` (`@org/orchestrator-contracts/tracing`). */
  interceptors?: { workflow?: WorkflowClientInterceptor[] } | undefined;
}

/**
 * Connects a Temporal client for the thread helpers, from explicit settings or the environment.
 * Close it with `await client.connection.close()`.
 * @example
 * const client = await createThreadClient(temporalConfigFromEnv(), { dataConverter: encryptedDataConverterFromEnv() });
 * await deliverEmail(client, email);
 */
export async function createThreadClient(config: TemporalConfig = temporalConfigFromEnv(), options: ThreadClientOptions = {}): Promise<Client> {
  const connection = await Connection.connect({ ...connectionOptions(config), ...(options.connectTimeout ? { connectTimeout: options.connectTimeout } : {}) });
  return new Client({
    connection,
    namespace: config.namespace,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.interceptors ? { interceptors: options.interceptors } : {}),
  });
}
