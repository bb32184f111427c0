/**
 * The burst's worker, in its own process like a deployed worker (so the sending client does not
 * compete with it for one event loop): real stores under `BURST_DIR`, the workflows bundled from
 * source, task queue `BURST_TASK_QUEUE` on the server at `BURST_ADDRESS`. Prints `ready` when
 * polling, and stops on SIGTERM.
 * @module
 */
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, flowConfig, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { createFileOutbox } from '@org/orchestrator-email';
import { bundleWorkflowsForTest } from '@org/orchestrator-testing';
import { findWorkspaceRoot } from '@org/temporal-toolchain';

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = env('BURST_DIR');
  const store = openSqliteStore(path.join(dir, 'orchestrator.sqlite'));
  const ledger = openSqliteOutboxLedger(path.join(dir, 'orchestrator.sqlite'));
  const connection = await NativeConnection.connect({ address: env('BURST_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('BURST_TASK_QUEUE'),
    workflowBundle: await bundleWorkflowsForTest(path.join(findWorkspaceRoot(), 'packages', 'workflows', 'src', 'index.ts')),
    activities: createActivities({
      store,
      outbound: { ledger, transport: createFileOutbox(path.join(dir, 'outbox')), blobStore: createDirectoryBlobStore(path.join(dir, 'blobs')) },
      flows: flowConfig({ searchAttributes: false }),
    }),
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
  store.close();
  await ledger.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
