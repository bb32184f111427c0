import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ActivityDependencies, OrchestratorStore, OutboxLedger } from '@org/orchestrator-activities';
import { createActivities, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { createFileOutbox } from '@org/orchestrator-email';
import { bundleWorkflowsForTest, uniqueTaskQueue } from '@org/orchestrator-testing';
import { ensureTemporalCli } from '@org/temporal-toolchain';

/** The workflows package's one entry file, bundled from source once per test file. */
export const WORKFLOWS_ENTRY = join(__dirname, '..', 'index.ts');

export function bundleThreadWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowsForTest(WORKFLOWS_ENTRY);
}

/** The `.eml` files a file outbox wrote, as text with quoted-printable soft line breaks joined. */
export function readOutbox(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, ''));
}

/**
 * A worker on a fresh task queue with real SQLite stores and a file outbox in a temp dir
 * (agents: `rules` unless given).
 */
export async function createThreadWorker(
  env: TestWorkflowEnvironment,
  workflowBundle: WorkflowBundleWithSourceMap,
  dependencies: Omit<ActivityDependencies, 'store' | 'outbound'> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'thread-test-'));
  const store: OrchestratorStore = openSqliteStore(join(dir, 'orchestrator.sqlite'));
  const ledger: OutboxLedger = openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite'));
  const outboxDir = join(dir, 'outbox');
  const taskQueue = uniqueTaskQueue('thread');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle,
    activities: createActivities({ store, outbound: { ledger, transport: createFileOutbox(outboxDir) }, ...dependencies }),
  });
  return {
    worker,
    store,
    ledger,
    taskQueue,
    /** The emails sent so far (the file outbox's `.eml` files). */
    sent: () => readOutbox(outboxDir),
    async dispose() {
      store.close();
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * With RECORD_HISTORIES=1, saves a run's history as a replay fixture in `histories/`, exported
 * the way operators do it (`temporal workflow show --output json`).
 */
export async function maybeRecordHistory(env: TestWorkflowEnvironment, workflowId: string, runId: string | undefined, name: string) {
  if (!process.env['RECORD_HISTORIES']) return;
  const cli = await ensureTemporalCli();
  if (!cli) throw new Error('RECORD_HISTORIES needs the Temporal CLI');
  const args = ['workflow', 'show', '--address', env.address, '--namespace', env.namespace ?? 'default', '--workflow-id', workflowId, '--output', 'json'];
  const { stdout } = await promisify(execFile)(cli, runId ? [...args, '--run-id', runId] : args, { maxBuffer: 64 * 1024 * 1024 });
  const dir = join(__dirname, 'histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), stdout);
}
