/**
 * An SMTP ingress in a process of its own, so a test can measure its memory alone (the client's
 * copy of the message lives in the test process). Run with `fork` and `--import tsx`; talks over IPC:
 * sends `{ port }` when listening; answers `'mark'` by starting a new peak measurement and
 * `'report'` with `{ baseline, peak }` (bytes, from `process.memoryUsage()`, sampled every 5 ms).
 */
import { Client, Connection } from '@temporalio/client';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { createDirectoryQuarantine, silentLogger, startSmtpIngress, staticDnsResolver } from '../../index';

type Sample = { rss: number; heapUsed: number; arrayBuffers: number; external: number };
const sample = (): Sample => {
  const { rss, heapUsed, arrayBuffers, external } = process.memoryUsage();
  return { rss, heapUsed, arrayBuffers, external };
};

async function main(): Promise<void> {
  const env = process.env;
  const connection = await Connection.connect({ address: env['TEMPORAL_ADDRESS'] as string });
  const smtp = await startSmtpIngress({
    client: new Client({ connection, namespace: env['TEMPORAL_NAMESPACE'] ?? 'default' }),
    taskQueue: env['TASK_QUEUE'],
    port: 0,
    acceptDomains: ['orders.example.com'],
    blobStore: createDirectoryBlobStore(`${env['DATA_DIR']}/blobs`),
    quarantine: createDirectoryQuarantine(`${env['DATA_DIR']}/quarantine`),
    logger: silentLogger,
    resolver: staticDnsResolver({}),
  });
  let baseline = sample();
  let peak = { ...baseline };
  setInterval(() => {
    const now = sample();
    for (const key of Object.keys(peak) as (keyof Sample)[]) peak[key] = Math.max(peak[key], now[key]);
  }, 5).unref();
  process.on('message', (message) => {
    if (message === 'mark') {
      global.gc?.();
      baseline = sample();
      peak = { ...baseline };
      process.send?.('marked');
    } else if (message === 'report') {
      process.send?.({ baseline, peak });
    } else if (message === 'stop') {
      void smtp
        .close()
        .then(() => connection.close())
        .then(() => process.exit(0));
    }
  });
  process.send?.({ port: smtp.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
