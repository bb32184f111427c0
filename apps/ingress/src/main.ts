#!/usr/bin/env node
/**
 * `orchestrator-ingress`: the deployable email ingress. Reads its settings from the environment
 * (see README.md), runs the SMTP server and/or the IMAP poller, and shuts down gracefully on
 * SIGINT/SIGTERM: no new mail is taken, the message in hand is finished, then it exits.
 * @module
 */
import { blobStoreFromUrl } from '@org/orchestrator-blob-store';
import { SHARED_ENV, blobStoreSettingsFromEnv, readEnvVariable } from '@org/orchestrator-contracts';
import { createThreadClient, encryptedDataConverterFromEnv, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';
import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
import { openPostgresThreadIndex } from '@org/orchestrator-email/postgres';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import type { ImapPoller, SmtpIngress } from '@org/orchestrator-ingress';
import { OrchestratorMetrics, createJsonLogger, startOpsServer } from '@org/orchestrator-observability';
import { countingIngressLogger } from './observability';
import {
  createDirectoryQuarantine,
  describeError,
  IngressConfigError,
  ingressConfigFromEnv,
  startImapPoller,
  startSmtpIngress,
  staticDnsResolver,
  systemDnsResolver,
} from '@org/orchestrator-ingress';

async function main(): Promise<void> {
  // Listen for shutdown before anything starts, so an early SIGTERM still stops us gracefully.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const metrics = new OrchestratorMetrics();
  const env = process.env;
  const logLevel = readEnvVariable(env, SHARED_ENV.logLevel, IngressConfigError) ?? 'info';
  const logger = countingIngressLogger(createJsonLogger({ name: 'orchestrator-ingress', level: logLevel }), metrics);
  const metricsPort = readEnvVariable(env, SHARED_ENV.metricsPort, IngressConfigError);
  const metricsHost = readEnvVariable(env, SHARED_ENV.metricsHost, IngressConfigError) ?? '127.0.0.1';
  const config = ingressConfigFromEnv(env);
  const temporal = temporalConfigFromEnv(env);
  const blobs = blobStoreSettingsFromEnv(env, IngressConfigError);
  const blobStore = blobStoreFromUrl(blobs.url, blobs.s3);
  const quarantine = createDirectoryQuarantine(config.quarantineDir);
  // The workers record what they send in the same index: replies naming only that find their thread.
  // With DATABASE_URL (PostgreSQL, migrated by the workers or `orchestrator migrate`) it is shared by every host.
  const databaseUrl = readEnvVariable(env, SHARED_ENV.databaseUrl, IngressConfigError);
  const sharedIndex = databaseUrl !== undefined;
  const threadIndex = databaseUrl !== undefined ? openPostgresThreadIndex(databaseUrl) : openSqliteThreadIndex(config.threadIndexPath);
  // With ORCHESTRATOR_ENCRYPTION_KEYS set, message bodies reach Temporal encrypted (the worker holds the same keys).
  const dataConverter = encryptedDataConverterFromEnv(env);
  // OTEL_*: each accepted email starts a trace the worker's workflow and activity spans join.
  const tracing = tracingFromEnv(env, { serviceName: 'orchestrator-ingress' });
  const client = await createThreadClient(temporal, { dataConverter, interceptors: tracing?.clientInterceptors });
  // INGRESS_DNS_OVERRIDES answers first (demo keys, closed networks), then the system's DNS.
  const systemDns = systemDnsResolver(config.dnsTimeoutMs);
  const resolver = config.dnsOverrides ? staticDnsResolver(config.dnsOverrides, systemDns) : systemDns;
  const deps = { client, taskQueue: temporal.taskQueue, blobStore, quarantine, logger, resolver, threadIndex };

  let smtp: SmtpIngress | undefined;
  let imap: ImapPoller | undefined;
  if (config.smtp) smtp = await startSmtpIngress({ ...deps, ...config.smtp });
  if (config.imap) {
    const { account, mailbox, pollIntervalMs, maxMessageBytes, trustedAuthservIds } = config.imap;
    imap = startImapPoller({ ...deps, imap: account, mailbox, pollIntervalMs, maxMessageBytes, trustedAuthservIds });
  }
  let stopping = false;
  // One port for the platform: /healthz, /readyz (taking mail: until shutdown begins), /metrics.
  const ops =
    metricsPort === undefined
      ? undefined
      : await startOpsServer({
          port: metricsPort,
          host: metricsHost,
          ready: () => !stopping,
          metrics: () => metrics.text(),
        });
  logger.info('ingress.ready', {
    ops: ops?.port,
    temporal: temporal.address,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    smtp: smtp?.port,
    imap: Boolean(imap),
    dnsOverrides: Boolean(config.dnsOverrides),
    payloadEncryption: Boolean(dataConverter),
    tracing: Boolean(tracing),
    threadIndex: sharedIndex ? 'DATABASE_URL' : config.threadIndexPath,
  });

  logger.info('ingress.stopping', { signal: await stopSignal });
  stopping = true;
  await Promise.all([smtp?.close(), imap?.stop()]);
  await client.connection.close();
  await tracing?.shutdown();
  await threadIndex.close();
  await ops?.close();
  logger.info('ingress.stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`orchestrator-ingress: ${JSON.stringify(describeError(error))}\n`);
  process.exitCode = 1;
});
