/**
 * Client helpers: deliver an email to its thread, complete a thread, read its state.
 * Node-only (uses `@temporalio/client`); never import this from workflow code.
 *
 * @example
 * import { Client, Connection } from '@temporalio/client';
 * import { connectionOptions, deliverEmail, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';
 *
 * const config = temporalConfigFromEnv();
 * const client = new Client({ connection: await Connection.connect(connectionOptions(config)), namespace: config.namespace });
 * await deliverEmail(client, email, { taskQueue: config.taskQueue });
 *
 * @module
 */
export { TemporalConfigError, connectionOptions, temporalConfigFromEnv } from './config';
export type { TemporalConfig } from './config';
export { completeThread, deliverEmail, getThreadState, listThreads, waitForThreadSummary } from './thread-client';
export type { DeliverOptions, DeliveryReceipt, ThreadClient, ThreadListing } from './thread-client';
