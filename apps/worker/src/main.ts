#!/usr/bin/env node
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, loadIdSecret, outboundFromEnv } from '@org/orchestrator-activities';
import { createAgents, providerFromEnv } from '@org/orchestrator-agents';
import { connectionOptions } from '@org/orchestrator-contracts/client';
import { workerConfigFromEnv } from './config';
import { connectPatiently } from './connect';
import { searchAttributesRegistered } from './search-attributes';
import { openWorkerStores } from './stores';
import { workflowCodeOptions } from './workflow-code';

/**
 * The deployable worker: wires configuration, the store, the activities and the workflow code.
 * Run any number of instances on one task queue; SIGINT/SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  const config = workerConfigFromEnv(process.env, join(__dirname, 'workflow-bundle.js'));
  Runtime.install({ logger: new DefaultLogger(config.logLevel) });
  const idSecret = loadIdSecret(config.idSecret);
  const stores = await openWorkerStores(config, (line) => console.log(line));
  const { store, threadIndex } = stores;
  const outbound = await outboundFromEnv(process.env);
  const agentProvider = providerFromEnv(process.env);
  const agents = createAgents(agentProvider);
  // Started while Temporal restarts (or before it is up): wait for it, for a while, saying so.
  const connection = await connectPatiently(() => NativeConnection.connect(connectionOptions(config.temporal)), {
    timeoutMs: config.connectTimeoutMs,
    log: (line) => console.warn(line),
    target: `Temporal at ${config.temporal.address}`,
  });
  try {
    const flows = config.flows.searchAttributes
      ? { ...config.flows, searchAttributes: await searchAttributesRegistered(connection, config.temporal.namespace, (m) => console.warn(m)) }
      : config.flows;
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({
        store,
        outbound: { ...outbound, threadIndex },
        agents,
        idSecret,
        escalationAddress: config.escalationAddress,
        flows,
        procurement: stores.procurement,
        support: stores.support,
      }),
      ...workflowCodeOptions(config.workflowSource),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivityTaskExecutions,
      shutdownGraceTime: config.shutdownGraceTime,
    });
    console.log(
      `worker ${worker.options.identity} polling ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace} (${config.workflowSource.kind}); mail via ${outbound.transport.description}; stores: ${stores.description}; agents: ${agentProvider.name}; knowledge base: ${config.knowledgeBaseDir}; id secret: ${config.idSecret.kind === 'env' ? 'ORCHESTRATOR_ID_SECRET' : config.idSecret.path}`,
    );
    // Resolves once a shutdown signal (SIGINT, SIGTERM, ...) has drained in-flight tasks.
    await worker.run();
    console.log('worker stopped');
  } finally {
    await connection.close();
    await outbound.close();
    await stores.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `worker failed: ${error.message}` : error);
  process.exit(1);
});
