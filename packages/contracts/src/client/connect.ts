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
export async function createThreadClient(config: TemporalConfig = temporalConfigFromEnv()): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.namespace });
}
