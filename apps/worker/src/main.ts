#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, openSqliteStore, outboundFromEnv } from '@org/orchestrator-activities';
import { createAgents, providerFromEnv } from '@org/orchestrator-agents';
import { connectionOptions } from '@org/orchestrator-contracts/client';
import { workerConfigFromEnv } from './config';
import { workflowCodeOptions } from './workflow-code';

/**
 * The deployable worker: wires configuration, the store, the activities and the workflow code.
 * Run any number of instances on one task queue; SIGINT/SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  const config = workerConfigFromEnv(process.env, join(__dirname, 'workflow-bundle.js'));
  Runtime.install({ logger: new DefaultLogger(config.logLevel) });
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const store = openSqliteStore(config.databasePath);
  const outbound = await outboundFromEnv(process.env);
  const agentProvider = providerFromEnv(process.env);
  const agents = createAgents(agentProvider);
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({
        store,
        outbound,
        agents,
        replyFrom: config.replyFrom,
        escalationAddress: config.escalationAddress,
      }),
      ...workflowCodeOptions(config.workflowSource),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivityTaskExecutions,
      shutdownGraceTime: config.shutdownGraceTime,
    });
    console.log(
      `worker ${worker.options.identity} polling ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace} (${config.workflowSource.kind}); mail via ${outbound.transport.description}; agents: ${agentProvider.name}`,
    );
    // Resolves once a shutdown signal (SIGINT, SIGTERM, ...) has drained in-flight tasks.
    await worker.run();
    console.log('worker stopped');
  } finally {
    await connection.close();
    await outbound.close();
    store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `worker failed: ${error.message}` : error);
  process.exit(1);
});
