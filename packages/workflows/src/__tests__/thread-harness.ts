import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ActivityDependencies, FlowConfigOverrides, OrchestratorStore, OutboxLedger } from '@org/orchestrator-activities';
import { createActivities, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { createFileOutbox } from '@org/orchestrator-email';
import { PROCUREMENT_SQLITE_FILE, openSqlitePurchaseOrderStore } from '@org/orchestrator-procurement/node';
import { SUPPORT_SQLITE_FILE, openSqliteSupportDesk } from '@org/orchestrator-support-desk/node';
import type { AgentProvider } from '@org/orchestrator-agents';
import { RulesProvider, createAgents } from '@org/orchestrator-agents';
import { INVOICE_SQLITE_FILE } from '@org/orchestrator-invoice-matching/node';
import { FLOW_MODULES, flowAgentRules, installedFlowConfig, openFlowModules } from '@org/orchestrator-installed-flows';
import { bundleWorkflowsForTest, stopAfterEachTest, uniqueTaskQueue } from '@org/orchestrator-testing';
import { ensureTemporalCli } from '@org/temporal-toolchain';

/** The workflows package's one entry file, bundled from source once per test file. */
export const WORKFLOWS_ENTRY = join(__dirname, '..', 'index.ts');

export function bundleThreadWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowsForTest(WORKFLOWS_ENTRY);
}

/** The `.eml` files a file outbox wrote, oldest first, as text with quoted-printable soft line breaks joined. */
export function readOutbox(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return []; // nothing sent yet
  }
  return files
    .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => a.at - b.at)
    .map((f) => readFileSync(f.path, 'utf8').replace(/=\r?\n/g, ''));
}

/**
 * Failures to inject into a test worker's activities: per activity name, a function of the
 * activity's input that returns the error to fail with, a promise to hold the activity until it
 * settles (then it runs), or nothing to run the activity. Mutable: a test "fixes" a fault by
 * deleting its entry.
 */
export type ActivityFaults = Record<string, ((input: unknown) => Error | Promise<void> | undefined) | undefined>;

/** An activity call a test worker ran (activity or local activity): its name and first argument. */
export interface ActivityCall {
  name: string;
  input: unknown;
}

function withFaults<T extends object>(activities: T, faults: ActivityFaults, calls: ActivityCall[]): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities) as [string, (...args: unknown[]) => unknown][]) {
    wrapped[name] = (...args: unknown[]) => {
      calls.push({ name, input: args[0] });
      const fault = faults[name]?.(args[0]);
      if (fault instanceof Error) throw fault;
      return fault ? fault.then(() => activity(...args)) : activity(...args);
    };
  }
  return wrapped as T;
}

/**
 * A worker on a fresh task queue with real stores in a temp dir: SQLite ledger, outbox ledger,
 * supplier directory and purchase orders, the installed flows' stores (the support desk, seeded, and
 * the sample knowledge base), a directory blob store and a file outbox (agents: `rules` unless a
 * `provider` is given: then every agent, the flows' too, asks it). `flows` overrides the
 * flow configuration; search attributes are off unless the server registers them (`searchAttributes`);
 * `faults` makes activities fail.
 */
export async function createThreadWorker(
  env: TestWorkflowEnvironment,
  workflowBundle: WorkflowBundleWithSourceMap,
  dependencies: Omit<ActivityDependencies, 'store' | 'outbound' | 'flows' | 'agents'> & {
    /** The agent provider of every agent task (as the worker's `providerFromEnv`); the offline rules unless given. */
    provider?: AgentProvider;
    flows?: FlowConfigOverrides;
    searchAttributes?: boolean;
    faults?: ActivityFaults;
    /** The installed flows' settings (e.g. the invoice flow's `INVOICE_*` variables: the warehouse's address). */
    flowEnv?: Record<string, string>;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'thread-test-'));
  const store: OrchestratorStore = openSqliteStore(join(dir, 'orchestrator.sqlite'));
  const ledger: OutboxLedger = openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite'));
  const blobStore = createDirectoryBlobStore(join(dir, 'blobs'));
  const outboxDir = join(dir, 'outbox');
  const taskQueue = uniqueTaskQueue('thread');
  const { flows, searchAttributes = false, faults = {}, flowEnv = {}, provider, ...rest } = dependencies;
  const calls: ActivityCall[] = [];
  const flowSettings = installedFlowConfig({ ...flows, searchAttributes });
  const generic = createActivities({
    store,
    outbound: { ledger, transport: createFileOutbox(outboxDir), blobStore },
    flows: flowSettings,
    flowModules: FLOW_MODULES,
    ...(provider ? { agents: createAgents(provider) } : {}),
    ...rest,
  });
  // The flows in packages of their own, installed as the worker installs them.
  const installed = await openFlowModules(
    FLOW_MODULES,
    {
      env: flowEnv,
      database: { kind: 'sqlite', directory: dir },
      agents: provider ?? new RulesProvider({ rules: flowAgentRules() }),
      blobs: blobStore,
      flows: flowSettings,
    },
    generic,
  );
  // The support flow's desk and procurement's purchase orders, for tests to look at tickets and create
  // orders (the flow modules have their own handles on the files).
  const desk = openSqliteSupportDesk(join(dir, SUPPORT_SQLITE_FILE));
  const purchaseOrders = openSqlitePurchaseOrderStore(join(dir, PROCUREMENT_SQLITE_FILE));
  const worker = stopAfterEachTest(
    await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities: withFaults({ ...generic, ...installed.activities }, faults, calls),
    }),
  );
  return {
    worker,
    store,
    ledger,
    desk,
    purchaseOrders,
    blobStore,
    taskQueue,
    /** The invoice flow's SQLite file (open it with `openSqliteInvoiceStores` to look at receipts and payments). */
    invoiceDatabase: join(dir, INVOICE_SQLITE_FILE),
    /** Every activity attempt so far, in order (local activities leave no input in the history). */
    calls: (name?: string) => calls.filter((c) => name === undefined || c.name === name),
    /** The emails sent so far (the file outbox's `.eml` files). */
    sent: () => readOutbox(outboxDir),
    async dispose() {
      store.close();
      await ledger.close();
      await purchaseOrders.close();
      desk.close();
      await installed.close();
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
  const file = join(__dirname, 'histories', `${name}.json`);
  // A committed history is what running threads did: it is never overwritten unless asked to.
  if (existsSync(file) && process.env['RECORD_HISTORIES'] !== 'overwrite') return;
  const cli = await ensureTemporalCli();
  if (!cli) throw new Error('RECORD_HISTORIES needs the Temporal CLI');
  const args = ['workflow', 'show', '--address', env.address, '--namespace', env.namespace ?? 'default', '--workflow-id', workflowId, '--output', 'json'];
  const { stdout } = await promisify(execFile)(cli, runId ? [...args, '--run-id', runId] : args, { maxBuffer: 64 * 1024 * 1024 });
  mkdirSync(join(__dirname, 'histories'), { recursive: true });
  writeFileSync(file, stdout);
}

/** One event of a run's history, as `fetchHistory` answers. */
export type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

/** The runs of a thread, first to last, each with its history (each continue-as-new names the next). */
export async function threadRuns(env: TestWorkflowEnvironment, threadId: string, firstRunId: string): Promise<{ runId: string; events: HistoryEvent[] }[]> {
  const runs: { runId: string; events: HistoryEvent[] }[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const events: HistoryEvent[] = (await env.client.workflow.getHandle(threadWorkflowId(threadId), runId).fetchHistory()).events ?? [];
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}
