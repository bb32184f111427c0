/**
 * The raw-SDK baseline's worker, in its own process like the orchestrator's: the prebuilt bundle of
 * `raw-workflow.ts` (`BENCH_BUNDLE`), task queue `BENCH_TASK_QUEUE` on `BENCH_ADDRESS`, replies
 * written to `BENCH_OUTBOX`. Prints `polling` when ready and stops on SIGTERM.
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

function rawActivities(outbox: string): RawActivities {
  return {
    async step({ n, text }) {
      return `${createHash('sha256').update(text).digest('hex').slice(0, 8)}:${n}:${text.slice(0, 500)}`;
    },
    async writeReply({ id, text }) {
      // Like the file outbox: a temp file, fsynced, renamed into place.
      const target = path.join(outbox, `${id}.eml`);
      const tmp = `${target}.tmp`;
      const handle = await fs.open(tmp, 'w');
      await handle.writeFile(`In-Reply-To: <${id}>\n\n${text}\n`);
      await handle.sync();
      await handle.close();
      await fs.rename(tmp, target);
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
