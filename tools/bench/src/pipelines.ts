import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { deliverEmail } from '@org/orchestrator-contracts/client';
import { bundleWorkflowsForTest } from '@org/orchestrator-testing';
import { findWorkspaceRoot } from '@org/temporal-toolchain';
import type { BenchEmail, MeasureOptions, PipelineFigures } from './measure';
import { measurePipeline } from './measure';
import type { WorkerProcess } from './processes';
import { startWorkerProcess } from './processes';

/** What every pipeline of a run shares. */
export interface RunContext {
  client: Client;
  address: string;
  /** A fresh temp folder of the run. */
  dir: string;
  emails: number;
  concurrency: number;
  timeoutMs: number;
  log: (line: string) => void;
  /** Distinguishes this run's ids and task queues. */
  stamp: string;
}

/** The customer every support email comes from: a seeded customer with a known order. */
const CUSTOMER = { address: 'emma.jones@mail.example', name: 'Emma Jones' };

/** Support email `n` of a run: "where is my order", from the known customer, authenticated by the ingress, each a new thread. */
export function supportEmail(stamp: string, n: number): EmailMessageInput {
  const messageId = `<bench-${n}.${stamp}@mail.example>`;
  return {
    messageId,
    threadId: messageId,
    from: CUSTOMER,
    to: [{ address: 'support@orchestrator.local', name: 'Customer Support' }],
    subject: 'Where is my order A10482?',
    text: 'Hi,\n\nI ordered a kettle last week (order A10482) and it has not arrived yet. Where is it?\n\nEmma',
    receivedAt: new Date().toISOString(),
    authentication: {
      verifiedBy: 'ingress',
      spf: { result: 'pass', domain: 'mail.example' },
      dmarc: { result: 'pass', domain: 'mail.example' },
      alignedDomain: 'mail.example',
    },
  };
}

export async function withWorker<T>(worker: WorkerProcess, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await worker.stop();
  }
}

/** Bundles the raw baseline's workflow once, to a file its workers load like a prebuilt bundle. */
export async function prebuildRawBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowsForTest(path.join(__dirname, 'raw-workflow.ts'));
  const file = path.join(dir, 'raw-workflow-bundle.js');
  writeFileSync(file, code);
  return file;
}

/** How a pipeline measures: what `measurePipeline` reads besides throughput and latency (see {@link MeasureOptions}). */
export type MeasureMode = Pick<MeasureOptions, 'countEvents' | 'settleMs'>;

/** The raw-SDK baseline: signal-with-start, then `activities` activities per email on its own task queue and worker. */
export async function runRawPipeline(run: RunContext, bundle: string, activities: number, mode: MeasureMode = {}): Promise<PipelineFigures> {
  const taskQueue = `bench-raw-${activities}-${run.stamp}`;
  const outbox = path.join(run.dir, `raw-${activities}-outbox`);
  const worker = await startWorkerProcess(
    ['--conditions=@org/source', '--import', 'tsx', path.join(__dirname, 'raw-worker.ts')],
    { BENCH_ADDRESS: run.address, BENCH_TASK_QUEUE: taskQueue, BENCH_BUNDLE: bundle, BENCH_OUTBOX: outbox },
    run.log,
    `raw-${activities}`,
  );
  const send = async (email: BenchEmail) => {
    await run.client.workflow.signalWithStart('rawEmailWorkflow', {
      workflowId: email.workflowId,
      taskQueue,
      args: [activities],
      signal: 'email',
      signalArgs: [{ id: email.messageId.slice(1, -1), text: 'Where is my order A10482?' }],
    });
  };
  const email = (n: number): BenchEmail => ({ messageId: `<raw${activities}-${n}.${run.stamp}>`, workflowId: `raw${activities}-${n}-${run.stamp}` });
  return withWorker(worker, async () => {
    // A warm worker, as in production: the first workflow task pays for loading the bundle.
    await measurePipeline({ pipeline: 'warm-up', emails: [email(0)], concurrency: 1, send, outbox, client: run.client, worker, timeoutMs: run.timeoutMs });
    const emails = Array.from({ length: run.emails }, (_, i) => email(i + 1));
    return measurePipeline({
      pipeline: `raw SDK, ${activities} ${activities === 1 ? 'activity' : 'activities'} per email`,
      emails,
      concurrency: run.concurrency,
      send,
      outbox,
      client: run.client,
      worker,
      timeoutMs: run.timeoutMs,
      ...mode,
    });
  });
}

/**
 * Starts the deployed worker (`apps/worker/dist/main.js`, `NODE_ENV=production`, its prebuilt
 * workflow bundle) on `taskQueue` with rules agents, SQLite stores in `<dir>/<name>-data` and the
 * file outbox `<dir>/<name>-outbox`; `env` adds or overrides variables.
 */
export async function startDeployedWorker(
  run: RunContext,
  name: string,
  taskQueue: string,
  env: Record<string, string>,
): Promise<{ worker: WorkerProcess; outbox: string }> {
  const main = path.join(findWorkspaceRoot(), 'apps', 'worker', 'dist', 'main.js');
  const outbox = path.join(run.dir, `${name}-outbox`);
  const data = path.join(run.dir, `${name}-data`);
  // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the deployed worker.
  const nodeArgs = process.env['BENCH_WORKER_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
  const worker = await startWorkerProcess(
    [...nodeArgs, main],
    {
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: run.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ORCHESTRATOR_DB_PATH: path.join(data, 'orchestrator.sqlite'),
      OUTBOX_DIR: outbox,
      OUTBOX_DATABASE_URL: path.join(data, 'orchestrator.sqlite'),
      ORCHESTRATOR_ID_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
      AGENT_PROVIDER: 'rules',
      // INFO: the worker's ready line ('… polling …') is an info line.
      WORKER_LOG_LEVEL: 'INFO',
      ...env,
    },
    run.log,
    name,
  ).catch((error: unknown) => {
    throw new Error(`the deployed worker did not start (build it first: npx nx run worker:build): ${error instanceof Error ? error.message : String(error)}`);
  });
  return { worker, outbox };
}

/** The deployed worker's support flow, rules agents, SQLite stores, file outbox. */
export async function runSupportPipeline(run: RunContext, mode: MeasureMode = {}): Promise<PipelineFigures> {
  const taskQueue = `bench-support-${run.stamp}`;
  // One customer writes every email: lift the flood limits, which would otherwise hand the rest to a person.
  const { worker, outbox } = await startDeployedWorker(run, 'support', taskQueue, {
    AUTO_REPLY_LIMIT_PER_SENDER: '1000000',
    AUTO_REPLY_LIMIT_PER_THREAD: '1000000',
  });
  const send = async (email: BenchEmail) => {
    await deliverEmail(
      run.client,
      { ...supportEmail(run.stamp, Number(/bench-(\d+)/.exec(email.messageId)?.[1])), receivedAt: new Date().toISOString() },
      { taskQueue },
    );
  };
  const email = (n: number): BenchEmail => {
    const { messageId } = supportEmail(run.stamp, n);
    return { messageId, workflowId: threadWorkflowId(messageId) };
  };
  return withWorker(worker, async () => {
    await measurePipeline({ pipeline: 'warm-up', emails: [email(0)], concurrency: 1, send, outbox, client: run.client, worker, timeoutMs: run.timeoutMs });
    const emails = Array.from({ length: run.emails }, (_, i) => email(i + 1));
    return measurePipeline({
      pipeline: 'orchestrator support flow',
      emails,
      concurrency: run.concurrency,
      send,
      outbox,
      client: run.client,
      worker,
      timeoutMs: run.timeoutMs,
      ...mode,
    });
  });
}
