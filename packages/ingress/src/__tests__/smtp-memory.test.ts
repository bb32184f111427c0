import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import { accepted, startThreadWorker, stateWhen } from './support/temporal';

type Usage = { rss: number; heapUsed: number; arrayBuffers: number; external: number };
const MiB = 1024 * 1024;

/**
 * Memory of the ingress process while a 25 MB message arrives. Prints the figures; asserts only a
 * generous bound (the old receive held chunks AND their concatenation, two copies of the message).
 */
describe('SMTP ingress memory', () => {
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startThreadWorker>>;
  let dir: string;
  let child: ChildProcess;
  const replies: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  const next = () => new Promise<unknown>((resolve) => (replies.length ? resolve(replies.shift()) : waiters.push(resolve)));

  beforeAll(async () => {
    env = await createLocalTestEnv();
    worker = await startThreadWorker(env.nativeConnection, env.namespace ?? 'default');
    dir = mkdtempSync(join(tmpdir(), 'smtp-memory-'));
    child = fork(join(__dirname, 'support', 'smtp-ingress-process.ts'), [], {
      execArgv: ['--conditions=@org/source', '--import', 'tsx', '--expose-gc'],
      env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default', TASK_QUEUE: worker.taskQueue, DATA_DIR: dir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => (waiters.length ? waiters.shift()?.(message) : replies.push(message)));
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await worker?.stop();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  let port: number;
  const measure = async (label: string, raw: Buffer, send: () => Promise<void>) => {
    child.send('mark');
    expect(await next()).toBe('marked');
    await send();
    child.send('report');
    const { baseline, peak } = (await next()) as { baseline: Usage; peak: Usage };
    const growth = Object.fromEntries(Object.keys(peak).map((k) => [k, Math.round(((peak[k as keyof Usage] - baseline[k as keyof Usage]) / MiB) * 10) / 10]));
    const figures = { messageMiB: Math.round((raw.length / MiB) * 10) / 10, baselineRssMiB: Math.round(baseline.rss / MiB), peakGrowthMiB: growth };
    console.log(`ingress memory, ${label}: ${JSON.stringify(figures)}`);
    return peak.rss - baseline.rss;
  };

  it('receives a 25 MB message that is not an email (quarantined unparsed) holding it once', async () => {
    port = ((await next()) as { port: number }).port;
    // No header section: parseRawEmail refuses it at once, so this measures receiving and quarantining only.
    const raw = Buffer.concat([Buffer.from('\r\n'), Buffer.alloc(25 * MiB, 'x')]);
    for (let i = 1024; i < raw.length; i += 1000) raw.write('\r\n', i - 2); // lines under 1000 bytes
    const growth = await measure('receive only (25 MiB, quarantined)', raw, async () => {
      const error = await nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
        .sendMail({ envelope: { from: 'script@acme.example', to: ['purchasing@orders.example.com'] }, raw })
        .then(
          () => undefined,
          (e: Error & { responseCode?: number }) => e,
        );
      expect(error?.responseCode).toBe(554);
    });
    expect(growth).toBeLessThan(4 * raw.length);
  }, 180_000);

  it('receives, parses and delivers a 25 MB message with an attachment', async () => {
    // 18.75 MiB of attachment is 25 MiB of base64 on the wire.
    const attachment = randomBytes(Math.floor((25 * MiB * 3) / 4 - 64 * 1024));
    const raw = await new Promise<Buffer>((resolve, reject) =>
      nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(
        {
          from: 'maria@acme.example',
          to: 'purchasing@orders.example.com',
          subject: 'Drawings',
          text: 'Attached.',
          messageId: '<memory-25mb@acme.example>',
          attachments: [{ filename: 'drawings.bin', content: attachment }],
        },
        (error, info) => (error ? reject(error) : resolve(info.message as Buffer)),
      ),
    );
    const growth = await measure('receive, parse, authenticate, deliver (25 MiB, 18.7 MiB attachment)', raw, async () => {
      const info = await nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
        .sendMail({ envelope: { from: 'maria@acme.example', to: ['purchasing@orders.example.com'] }, raw });
      expect(info.response).toMatch(/^250 /);
      await stateWhen(env.client, '<memory-25mb@acme.example>', accepted(1), 60_000);
    });
    // Generous: parsing (mailparser's decoded attachment, base64 text) legitimately adds to the one copy.
    expect(growth).toBeLessThan(12 * raw.length);
  }, 180_000);
});
