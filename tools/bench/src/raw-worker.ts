/**
 * The raw-SDK baselines' worker, in its own process like the orchestrator's: the prebuilt bundle of
 * `raw-workflow.ts` (`BENCH_BUNDLE`, the procurement baseline's workflows included), task queue
 * `BENCH_TASK_QUEUE` on `BENCH_ADDRESS`, replies, RFQs and purchase orders written to
 * `BENCH_OUTBOX`. Prints `polling` when ready and stops on SIGTERM.
 * @module
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { RawActivities } from './raw-workflow';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Like the file outbox: a temp file, fsynced, renamed into place (never seen half written). */
async function writeOutboxFile(target: string, content: string): Promise<void> {
  const tmp = `${target}.tmp`;
  const handle = await fs.open(tmp, 'w');
  await handle.writeFile(content);
  await handle.sync();
  await handle.close();
  await fs.rename(tmp, target);
}

function rawActivities(outbox: string): RawActivities {
  const file = (id: string) => path.join(outbox, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.eml`);
  return {
    async step({ n, text }) {
      return `${createHash('sha256').update(text).digest('hex').slice(0, 8)}:${n}:${text.slice(0, 500)}`;
    },
    async writeReply({ id, text }) {
      await writeOutboxFile(path.join(outbox, `${id}.eml`), `In-Reply-To: <${id}>\n\n${text}\n`);
    },
    async sendRfq({ requestId, rfqId, supplier, text }) {
      await writeOutboxFile(file(rfqId), `Message-ID: <${rfqId}>\nTo: ${supplier}\nSubject: Request for quotation\nX-Bench-Request: ${requestId}\n\n${text}\n`);
    },
    async writePurchaseOrder({ requestId, supplier, total }) {
      await writeOutboxFile(
        file(`po-${requestId}`),
        `Message-ID: <po-${requestId}>\nTo: ${supplier}\nSubject: Purchase order\nX-Bench-Request: ${requestId}\n\nTotal ${total}\n`,
      );
    },
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const outbox = env('BENCH_OUTBOX');
  await fs.mkdir(outbox, { recursive: true });
  const connection = await NativeConnection.connect({ address: env('BENCH_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('BENCH_TASK_QUEUE'),
    workflowBundle: { codePath: env('BENCH_BUNDLE') },
    activities: rawActivities(outbox),
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write('polling\n');
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
