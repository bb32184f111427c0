#!/usr/bin/env node
import { basename, dirname, join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, inboxLinksFromEnv, loadIdSecret, outboundFromEnv } from '@org/orchestrator-activities';
import { createAgents, providerFromEnv } from '@org/orchestrator-agents';
import { FLOW_MODULES, flowAgentRules, openFlowModules } from '@org/orchestrator-installed-flows';
import { connectionOptions, encryptedDataConverterFromEnv } from '@org/orchestrator-contracts/client';
import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
import { activityMetricsInterceptor } from './activity-metrics';
import { workerConfigFromEnv } from './config';
import { connectPatiently } from './connect';
import { installWorkerObservability } from './observability';
import { searchAttributesRegistered } from './search-attributes';
import { openWorkerStores } from './stores';
import { tracingActivityInterceptors, tracingSinks } from './tracing';
import { BUILT_BUNDLES, workflowCodeOptions } from './workflow-code';

/**
 * The deployable worker: wires configuration, the store, the activities and the workflow code.
 * Run any number of instances on one task queue; SIGINT/SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  // OTEL_*: spans for client -> workflow -> activity; off (and free: the bundle without its interceptors) when none is set.
  const tracing = tracingFromEnv(process.env, { serviceName: 'orchestrator-worker' });
  const config = workerConfigFromEnv(process.env, join(__dirname, tracing ? BUILT_BUNDLES.traced : BUILT_BUNDLES.plain));
  const { log, metrics, startOps } = await installWorkerObservability(config);
  // ORCHESTRATOR_ENCRYPTION_KEYS: payloads are encrypted before they reach Temporal (clients hold the same keys).
  const dataConverter = encryptedDataConverterFromEnv(process.env);
  const idSecret = loadIdSecret(config.idSecret);
  const stores = await openWorkerStores(config, (line) => log.info(line));
  const { store, threadIndex } = stores;
  const outbound = await outboundFromEnv(process.env);
  const agentProvider = providerFromEnv(process.env, { rules: flowAgentRules() });
  const agents = createAgents(agentProvider);
  // Started while Temporal restarts (or before it is up): wait for it, for a while, saying so.
  const connection = await connectPatiently(() => NativeConnection.connect(connectionOptions(config.temporal)), {
    timeoutMs: config.connectTimeoutMs,
    log: (line) => log.warn(line),
    target: `Temporal at ${config.temporal.address}`,
  });
  let flowStores: { close(): Promise<void> } | undefined;
  try {
    const flows = config.flows.searchAttributes
      ? { ...config.flows, searchAttributes: await searchAttributesRegistered(connection, config.temporal.namespace, (m) => log.warn(m)) }
      : config.flows;
    if (dataConverter && flows.searchAttributes && (flows.requesterAttribute ?? 'plain') === 'plain') {
      log.warn(
        "payloads are encrypted, but search attributes are not: OrchestratorRequester shows each requester's address in plaintext. Set FLOW_REQUESTER_ATTRIBUTE=hashed (or off), or FLOW_SEARCH_ATTRIBUTES=false to publish none.",
      );
    }
    const { workflowModules, ...workflowCode } = workflowCodeOptions(config.workflowSource, tracing !== undefined);
    const activities = createActivities({
      store,
      outbound: { ...outbound, threadIndex },
      agents,
      // The rules provider answers in-process: its agent calls run as local activities.
      agentsInline: agentProvider.name === 'rules',
      idSecret,
      escalationAddress: config.escalationAddress,
      flows,
      inbox: inboxLinksFromEnv(),
      flowModules: FLOW_MODULES,
    });
    // The flows in packages of their own: their stores on the worker's database, their activities next to these
    // (procurement first: it shares its purchase orders with the invoice flow).
    const database = config.database.kind === 'postgres' ? config.database : { kind: 'sqlite' as const, directory: dirname(config.databasePath) };
    const dependencies = { env: process.env, database, agents: agentProvider, blobs: outbound.blobStore, flows };
    const installed = await openFlowModules(FLOW_MODULES, dependencies, activities);
    flowStores = installed;
    const worker = await Worker.create({
      connection,
      ...(dataConverter ? { dataConverter } : {}),
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: { ...activities, ...installed.activities },
      ...workflowCode,
      interceptors: { activity: [activityMetricsInterceptor(metrics), ...tracingActivityInterceptors(tracing)], workflowModules },
      sinks: tracingSinks(tracing),
      ...(config.deployment
        ? { workerDeploymentOptions: { version: config.deployment, useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' as const } }
        : {}),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivityTaskExecutions,
      ...(config.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: config.maxCachedWorkflows } : {}),
      shutdownGraceTime: config.shutdownGraceTimeMs,
    });
    const ops = await startOps(() => worker.getState() === 'RUNNING');
    log.info(
      `worker ${worker.options.identity} polling ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace} (${config.workflowSource.kind}); mail via ${outbound.transport.description}; payloads ${dataConverter ? 'encrypted' : 'in plaintext'}; tracing ${tracing ? 'on' : 'off'}${config.workflowSource.kind === 'bundle' ? ` (workflow code ${basename(config.workflowSource.bundlePath)})` : ''}; stores: ${[stores.description, ...installed.descriptions].join('; ')}; agents: ${agentProvider.name}; id secret: ${config.idSecret.kind === 'env' ? 'ORCHESTRATOR_ID_SECRET' : config.idSecret.path}${ops ? `; ops on http://${config.ops?.host}:${ops.port}` : ''}`,
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
    await flowStores?.close();
    await outbound.close();
    await stores.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `worker failed: ${error.message}` : error);
  process.exit(1);
});
