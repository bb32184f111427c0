#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, inboxLinksFromEnv, loadIdSecret, openSqliteStore, outboundFromEnv } from '@org/orchestrator-activities';
import { createAgents, providerFromEnv } from '@org/orchestrator-agents';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import { openSqlitePurchaseOrderStore, openSqliteSupplierDirectory } from '@org/orchestrator-procurement/node';
// config.ts calls require.resolve on this package's package.json to find its bundled articles:
// that locates a folder, it loads no code, so this static import is no lazy-loading conflict.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { openKnowledgeBase, openSqliteSupportDesk } from '@org/orchestrator-support-desk/node';
import { connectionOptions, encryptedDataConverterFromEnv } from '@org/orchestrator-contracts/client';
import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
import { activityMetricsInterceptor } from './activity-metrics';
import { workerConfigFromEnv } from './config';
import { connectPatiently } from './connect';
import { installWorkerObservability } from './observability';
import { searchAttributesRegistered } from './search-attributes';
import { tracingActivityInterceptors, tracingSinks } from './tracing';
import { workflowCodeOptions } from './workflow-code';

/**
 * The deployable worker: wires configuration, the store, the activities and the workflow code.
 * Run any number of instances on one task queue; SIGINT/SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  const config = workerConfigFromEnv(process.env, join(__dirname, 'workflow-bundle.js'));
  const { log, metrics, startOps } = await installWorkerObservability(config);
  // OTEL_*: spans for client -> workflow -> activity; off (and free) when none is set.
  const tracing = tracingFromEnv(process.env, { serviceName: 'orchestrator-worker' });
  for (const file of [config.databasePath, config.threadIndexPath, config.procurementDatabasePath, config.supportDatabasePath, config.knowledgeIndexPath]) {
    mkdirSync(dirname(file), { recursive: true });
  }
  // ORCHESTRATOR_ENCRYPTION_KEYS: payloads are encrypted before they reach Temporal (clients hold the same keys).
  const dataConverter = encryptedDataConverterFromEnv(process.env);
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
    log: (line) => log.warn(line),
    target: `Temporal at ${config.temporal.address}`,
  });
  try {
    const flows = config.flows.searchAttributes
      ? { ...config.flows, searchAttributes: await searchAttributesRegistered(connection, config.temporal.namespace, (m) => log.warn(m)) }
      : config.flows;
    if (dataConverter && flows.searchAttributes && (flows.requesterAttribute ?? 'plain') === 'plain') {
      log.warn('payloads are encrypted, but search attributes are not: OrchestratorRequester shows each requester\'s address in plaintext. Set FLOW_REQUESTER_ATTRIBUTE=hashed (or off), or FLOW_SEARCH_ATTRIBUTES=false to publish none.');
    }
    const { workflowModules, ...workflowCode } = workflowCodeOptions(config.workflowSource);
    const worker = await Worker.create({
      connection,
      ...(dataConverter ? { dataConverter } : {}),
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({
        store,
        outbound: { ...outbound, threadIndex },
        agents,
        idSecret,
        escalationAddress: config.escalationAddress,
        flows,
        procurement: { suppliers, purchaseOrders },
        support: { desk, knowledgeBase },
        inbox: inboxLinksFromEnv(),
      }),
      ...workflowCode,
      interceptors: { activity: [activityMetricsInterceptor(metrics), ...tracingActivityInterceptors(tracing)], workflowModules },
      sinks: tracingSinks(tracing),
      ...(config.deployment ? { workerDeploymentOptions: { version: config.deployment, useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' as const } } : {}),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivityTaskExecutions,
      shutdownGraceTime: config.shutdownGraceTime,
    });
    const ops = await startOps(() => worker.getState() === 'RUNNING');
    log.info(
      `worker ${worker.options.identity} polling ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace} (${config.workflowSource.kind}); mail via ${outbound.transport.description}; payloads ${dataConverter ? 'encrypted' : 'in plaintext'}; tracing ${tracing ? 'on' : 'off'}; thread index: ${config.threadIndexPath}; agents: ${agentProvider.name}; knowledge base: ${config.knowledgeBaseDir}; id secret: ${config.idSecret.kind === 'env' ? 'ORCHESTRATOR_ID_SECRET' : config.idSecret.path}${ops ? `; ops on http://${config.ops?.host}:${ops.port}` : ''}`,
    );
    // Resolves once a shutdown signal (SIGINT, SIGTERM, ...) has drained in-flight tasks.
    try {
      await worker.run();
    } finally {
      await ops?.close();
    }
    log.info('worker stopped');
  } finally {
    await connection.close();
    await tracing?.shutdown();
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
