import type { Duration } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from './config';
import { connectionOptions, temporalConfigFromEnv } from './config';

/**
 * Connects a Temporal client for the thread helpers, from explicit settings or the environment.
 * Close it with `await client.connection.close()`.
 * @example
 * const client = await createThreadClient();
 * await deliverEmail(client, email);
 */
export async function createThreadClient(
  config: TemporalConfig = temporalConfigFromEnv(),
  options: { connectTimeout?: Duration } = {},
): Promise<Client> {
  const connection = await Connection.connect({ ...connectionOptions(config), ...options });
  return new Client({ connection, namespace: config.namespace });
}
