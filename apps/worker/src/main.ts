#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, loadIdSecret, openSqliteStore, outboundFromEnv } from '@org/orchestrator-activities';
import { createAgents, providerFromEnv } from '@org/orchestrator-agents';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import { openSqlitePurchaseOrderStore, openSqliteSupplierDirectory } from '@org/orchestrator-procurement/node';
// config.ts calls require.resolve on this package's package.json to find its bundled articles:
// that locates a folder, it loads no code, so this static import is no lazy-loading conflict.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { openKnowledgeBase, openSqliteSupportDesk } from '@org/orchestrator-support-desk/node';
import { connectionOptions } from '@org/orchestrator-contracts/client';
import { workerConfigFromEnv } from './config';
import { connectPatiently } from './connect';
import { searchAttributesRegistered } from './search-attributes';
import { workflowCodeOptions } from './workflow-code';

/**
 * The deployable worker: wires configuration, the store, the activities and the workflow code.
 * Run any number of instances on one task queue; SIGINT/SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  const config = workerConfigFromEnv(process.env, join(__dirname, 'workflow-bundle.js'));
  Runtime.install({ logger: new DefaultLogger(config.logLevel) });
  for (const file of [config.databasePath, config.threadIndexPath, config.procurementDatabasePath, config.supportDatabasePath, config.knowledgeIndexPath]) {
    mkdirSync(dirname(file), { recursive: true });
  }
  const idSecret = loadIdSecret(config.idSecret);
  const store = openSqliteStore(config.databasePath);
  const suppliers = openSqliteSupplierDirectory(config.procurementDatabasePath);
  const purchaseOrders = openSqlitePurchaseOrderStore(config.procurementDatabasePath);
  const desk = openSqliteSupportDesk(config.supportDatabasePath);
  const knowledgeBase = openKnowledgeBase(config.knowledgeBaseDir, { indexFile: config.knowledgeIndexPath });
  const outbound = await outboundFromEnv(process.env);
  // Every Message-ID sent is recorded with its thread, for the ingress to place replies that name only it.
  const threadIndex = openSqliteThreadIndex(config.threadIndexPath);
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
        // The rules provider answers in-process: its agent calls run as local activities.
        agentsInline: agentProvider.name === 'rules',
        idSecret,
        escalationAddress: config.escalationAddress,
        flows,
        procurement: { suppliers, purchaseOrders },
        support: { desk, knowledgeBase },
      }),
      ...workflowCodeOptions(config.workflowSource),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivityTaskExecutions,
      shutdownGraceTime: config.shutdownGraceTime,
    });
    console.log(
      `worker ${worker.options.identity} polling ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace} (${config.workflowSource.kind}); mail via ${outbound.transport.description}; thread index: ${config.threadIndexPath}; agents: ${agentProvider.name}; knowledge base: ${config.knowledgeBaseDir}; id secret: ${config.idSecret.kind === 'env' ? 'ORCHESTRATOR_ID_SECRET' : config.idSecret.path}`,
    );
    // Resolves once a shutdown signal (SIGINT, SIGTERM, ...) has drained in-flight tasks.
    await worker.run();
    console.log('worker stopped');
  } finally {
    await connection.close();
    await outbound.close();
    await threadIndex.close();
    await suppliers.close();
    await purchaseOrders.close();
    desk.close();
    knowledgeBase.close();
    store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `worker failed: ${error.message}` : error);
  process.exit(1);
});
