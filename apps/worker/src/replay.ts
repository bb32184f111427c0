#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { parseEnvDuration, readEnvVariable } from '@org/orchestrator-contracts';
import { connectionOptions, encryptedDataConverterFromEnv, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';
import { replayRecentHistories } from './replay-check';
import { WORKER_ENV } from './worker-env';

const HELP = `Usage: orchestrator-replay [--since 24h] [--sample 50] [--bundle dist/workflow-bundle.js] [--json]

Pre-deploy check: fetches the workflows of every type started in the last --since (running or closed;
at most --sample per type, newest first) from Temporal and replays them against the workflow bundle
about to be deployed. Exit 0: every history replays. Exit 1: a history is nondeterministic (threads
running now would stop on the new code: guard the change with patched()) or failed to replay.
Exit 2: bad usage. Temporal settings and ORCHESTRATOR_ENCRYPTION_KEYS as the worker's.`;

async function main(argv: string[]): Promise<number> {
  let values: { since?: string; sample?: string; bundle?: string; json?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        since: { type: 'string' },
        sample: { type: 'string' },
        bundle: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const sinceMs = parseEnvDuration(values.since ?? '24h');
  const sample = Number(values.sample ?? '50');
  if (sinceMs === null || !Number.isInteger(sample) || sample < 1) {
    console.error(`error: --since must be a duration like 90m, 24h or 7d and --sample a positive integer\n\n${HELP}`);
    return 2;
  }
  const bundlePath = resolve(values.bundle ?? readEnvVariable(process.env, WORKER_ENV.workflowBundlePath) ?? join(__dirname, 'workflow-bundle.js'));
  const config = temporalConfigFromEnv(process.env);
  const connection = await Connection.connect(connectionOptions(config));
  try {
    const dataConverter = encryptedDataConverterFromEnv(process.env);
    const client = new Client({ connection, namespace: config.namespace, ...(dataConverter ? { dataConverter } : {}) });
    const summary = await replayRecentHistories({
      client,
      bundlePath,
      since: new Date(Date.now() - sinceMs),
      samplePerType: sample,
      dataConverter,
      onResult: (r) => {
        if (!values.json && r.status !== 'ok') console.error(`${r.status}: ${r.workflowType} ${r.workflowId} (${r.runId}): ${r.error}`);
      },
    });
    if (values.json) console.log(JSON.stringify(summary));
    else
      console.log(
        `${summary.ok ? 'ok' : 'NOT SAFE TO DEPLOY'}: replayed ${summary.replayed} (${
          Object.entries(summary.byType)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ') || 'none found'
        }); nondeterministic ${summary.nondeterministic.length}, failed ${summary.failed.length}; bundle ${bundlePath}`,
      );
    return summary.ok ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`replay check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
