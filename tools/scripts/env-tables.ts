/**
 * Rewrites the environment-variable tables of the READMEs from the declared variables
 * (`defineEnvVariable`: schema, default, meaning), between markers
 * `<!-- env-table:<id> -->` and `<!-- /env-table:<id> -->`.
 *
 *   npx tsx --conditions=@org/source tools/scripts/env-tables.ts          # rewrite
 *   npx tsx --conditions=@org/source tools/scripts/env-tables.ts --check  # CI: exit 1 if a table drifted
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withMarkedSections } from './marked-sections';
import type { EnvVariableSpec } from '@org/orchestrator-contracts';
import { SHARED_ENV, envVariablesTable } from '@org/orchestrator-contracts';
import { ENCRYPTION_ENV, TEMPORAL_ENV } from '@org/orchestrator-contracts/client';
import { OTEL_VARIABLES } from '@org/orchestrator-contracts/tracing';
import { INBOX_ENV } from '@org/orchestrator-inbox';
import { DECISION_LINK_ENV, FLOW_ENV, ID_SECRET_ENV, OUTBOUND_ENV, SEARCH_ATTRIBUTE_ENV } from '@org/orchestrator-activities';
import { STORE_ENV } from '@org/orchestrator-activities/database';
import { AGENT_ENV } from '@org/orchestrator-agents';
import { INGRESS_ENV } from '@org/orchestrator-ingress';
import { INVOICE_ENV } from '@org/orchestrator-invoice-matching/node';
import { PROCUREMENT_ENV, PROCUREMENT_SETTINGS_ENV } from '@org/orchestrator-procurement/node';
import { SUPPORT_ENV, SUPPORT_SETTINGS_ENV } from '@org/orchestrator-support-desk/node';
import { STARTER_ENV } from '../../apps/starter/src/output';
import { CODEC_SERVER_ENV, WORKER_ENV } from '../../apps/worker/src/worker-env';

const ROOT = join(__dirname, '..', '..');

const S = SHARED_ENV;
const BLOB_STORE = [S.blobStoreUrl, S.s3Endpoint, S.awsRegion, S.awsAccessKeyId, S.awsSecretAccessKey, S.awsSessionToken];
const { deploymentName, buildId, ...workerOwn } = WORKER_ENV;

// The flows' settings, grouped as the worker README tables them (each flow declares its own).
const { mailbox: procurementMailbox, approvalMode, approvalTiers, requesters, requesterDomains, ...procurementPolicy } = PROCUREMENT_SETTINGS_ENV;
const { mailbox: supportMailbox, refundApprovalMode, refundApprovalTiers, ...supportPolicy } = SUPPORT_SETTINGS_ENV;

/** Each README's generated tables, by marker id. */
export const ENV_TABLES: Record<string, Record<string, readonly EnvVariableSpec[]>> = {
  'apps/inbox/README.md': {
    inbox: Object.values(INBOX_ENV),
    'inbox-shared': [DECISION_LINK_ENV.ttlHours, TEMPORAL_ENV.tls, TEMPORAL_ENV.taskQueue, ENCRYPTION_ENV.keys],
    otel: OTEL_VARIABLES,
  },
  'apps/worker/README.md': {
    worker: [
      TEMPORAL_ENV.tls,
      TEMPORAL_ENV.taskQueue,
      S.nodeEnv,
      S.databaseUrl,
      workerOwn.databaseMigrate,
      S.orchestratorDbPath,
      S.threadIndexDbPath,
      PROCUREMENT_ENV.procurementDbPath,
      SUPPORT_ENV.supportDbPath,
      SUPPORT_ENV.knowledgeBaseDir,
      workerOwn.workflowBundlePath,
      workerOwn.maxConcurrentActivities,
      workerOwn.maxCachedWorkflows,
      workerOwn.shutdownGraceTime,
      workerOwn.connectTimeout,
      workerOwn.logLevel,
      S.metricsPort,
      S.metricsHost,
      ID_SECRET_ENV.secret,
      ENCRYPTION_ENV.keys,
      workerOwn.escalationAddress,
      S.inboxBaseUrl,
      S.inboxSecret,
      DECISION_LINK_ENV.ttlHours,
    ],
    outbound: [...Object.values(OUTBOUND_ENV), ...BLOB_STORE],
    agents: Object.values(AGENT_ENV),
    otel: OTEL_VARIABLES,
    'codec-server': Object.values(CODEC_SERVER_ENV),
    senders: [procurementMailbox, supportMailbox, FLOW_ENV.replyFrom],
    'flow-policy': [...Object.values(procurementPolicy), ...Object.values(supportPolicy)],
    'search-attributes': Object.values(SEARCH_ATTRIBUTE_ENV),
    'approval-policies': [approvalMode, approvalTiers, refundApprovalMode, refundApprovalTiers],
    trust: [requesters, requesterDomains, FLOW_ENV.autoReplyLimitPerThread, FLOW_ENV.autoReplyLimitPerSender, FLOW_ENV.autoReplyWindow],
    invoice: Object.values(INVOICE_ENV),
    deployment: [deploymentName, buildId],
  },
  'apps/ingress/README.md': {
    ingress: Object.values(INGRESS_ENV),
    'ingress-shared': [
      S.threadIndexDbPath,
      S.orchestratorDbPath,
      S.databaseUrl,
      ...BLOB_STORE,
      TEMPORAL_ENV.tls,
      TEMPORAL_ENV.taskQueue,
      S.metricsPort,
      S.metricsHost,
      S.logLevel,
      ENCRYPTION_ENV.keys,
    ],
    otel: OTEL_VARIABLES,
  },
  'apps/starter/README.md': {
    cli: [
      TEMPORAL_ENV.tls,
      TEMPORAL_ENV.taskQueue,
      ENCRYPTION_ENV.keys,
      STARTER_ENV.temporalUiUrl,
      S.databaseUrl,
      S.orchestratorDbPath,
      S.threadIndexDbPath,
      OUTBOUND_ENV.outboxDatabaseUrl,
      PROCUREMENT_ENV.procurementDbPath,
      SUPPORT_ENV.supportDbPath,
      STORE_ENV.inboxDataDir,
      SUPPORT_ENV.knowledgeBaseDir,
    ],
  },
  'packages/agents/README.md': { agents: Object.values(AGENT_ENV) },
  'packages/invoice-matching/README.md': { invoice: Object.values(INVOICE_ENV) },
  'packages/procurement/README.md': { procurement: [...Object.values(PROCUREMENT_ENV), ...Object.values(PROCUREMENT_SETTINGS_ENV)] },
  'packages/support-desk/README.md': { support: [...Object.values(SUPPORT_ENV), ...Object.values(SUPPORT_SETTINGS_ENV)] },
  'packages/contracts/README.md': { otel: OTEL_VARIABLES },
};

/** Declared names appearing twice under one name with different declarations: each variable must be declared once. */
export function duplicateDeclarations(tables: typeof ENV_TABLES): string[] {
  const byName = new Map<string, EnvVariableSpec>();
  const duplicates = new Set<string>();
  for (const file of Object.values(tables))
    for (const specs of Object.values(file))
      for (const spec of specs) {
        const seen = byName.get(spec.name);
        if (seen && seen !== spec) duplicates.add(spec.name);
        byName.set(spec.name, spec);
      }
  return [...duplicates];
}

function main(check: boolean): number {
  const duplicates = duplicateDeclarations(ENV_TABLES);
  if (duplicates.length > 0) {
    console.error(`declared more than once: ${duplicates.join(', ')} (declare each variable once and reuse its declaration)`);
    return 1;
  }
  const drifted: string[] = [];
  for (const [file, tables] of Object.entries(ENV_TABLES)) {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    const next = withMarkedSections(file, text, 'env-table', Object.fromEntries(Object.entries(tables).map(([id, specs]) => [id, envVariablesTable(specs)])));
    if (next === text) continue;
    drifted.push(file);
    if (!check) writeFileSync(path, next);
  }
  if (check && drifted.length > 0) {
    console.error(`environment tables out of date in ${drifted.join(', ')}: run npx tsx --conditions=@org/source tools/scripts/env-tables.ts`);
    return 1;
  }
  console.log(drifted.length ? `rewrote ${drifted.join(', ')}` : 'environment tables up to date');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.includes('--check'));
