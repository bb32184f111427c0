import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { PAYLOAD_LIMITS, isHashedThreadWorkflowId } from '@org/orchestrator-contracts';
import { createLocalTestEnv, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { QuarantineRecord, SmtpIngress } from '../index';
import { createDirectoryQuarantine, startSmtpIngress, staticDnsResolver } from '../index';
import type { FuzzCase } from './support/mime-fuzz';
import { fuzzCase, loadCorpus } from './support/mime-fuzz';
import { largestPayload, memoryLogger } from './support/temporal';

/**
 * MIME fuzz through the real SMTP ingress into a real Temporal dev server: seeded mutations of the
 * email corpus (truncation, broken boundaries, unknown charsets, NUL bytes, huge headers, long
 * lines, deep nesting, odd and overlong Message-IDs, thousands of References, garbage transfer
 * encodings …). Every message must be delivered (250: Temporal accepted it) or quarantined with a
 * reason (554); nothing may crash, hang or be deferred (451) while Temporal is up.
 *
 * MIME_FUZZ_COUNT (default 300), MIME_FUZZ_SEED (default 20261127), MIME_FUZZ_CONCURRENCY (4);
 * MIME_FUZZ_DUMP=<dir> writes every case as `<index>.eml` for replaying by hand.
 * `npm run fuzz -w packages/ingress` runs 1,000.
 */
const COUNT = Number(process.env['MIME_FUZZ_COUNT'] ?? 300);
const SEED = Number(process.env['MIME_FUZZ_SEED'] ?? 20261127);
const CONCURRENCY = Number(process.env['MIME_FUZZ_CONCURRENCY'] ?? 4);
const DUMP = process.env['MIME_FUZZ_DUMP'];

interface Result {
  index: number;
  name: string;
  size: number;
  code: number | undefined;
  response: string;
  ms: number;
}

describe('MIME fuzz through the SMTP ingress', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let ingress: SmtpIngress;
  const logger = memoryLogger();

  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'mime-fuzz-'));
    ingress = await startSmtpIngress({
      client: env.client,
      // No worker: the ingress's promise is that Temporal accepted the message, not what a flow does with it.
      taskQueue: uniqueTaskQueue('mime-fuzz'),
      port: 0,
      acceptDomains: ['orders.example.com'],
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
      connectionRate: false,
      resolver: staticDnsResolver({}),
    });
  }, 120_000);
  afterAll(async () => {
    await ingress?.close();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers or quarantines each of ${COUNT} malformed messages, and defers none`, async () => {
    const corpus = loadCorpus();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: ingress.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONCURRENCY,
      maxMessages: Infinity,
      socketTimeout: 60_000,
    } satisfies SMTPPool.Options);
    if (DUMP) mkdirSync(DUMP, { recursive: true });

    const results: Result[] = [];
    const started = Date.now();
    let next = 0;
    const send = async (fuzz: FuzzCase): Promise<Result> => {
      const t0 = Date.now();
      const base = { index: fuzz.index, name: fuzz.name, size: fuzz.raw.length };
      try {
        const info = await transport.sendMail({ envelope: { from: 'fuzz@fuzz.example', to: ['orders@orders.example.com'] }, raw: fuzz.raw });
        return { ...base, code: Number(info.response.slice(0, 3)), response: info.response, ms: Date.now() - t0 };
      } catch (error) {
        const { responseCode, response, message } = error as Error & { responseCode?: number; response?: string };
        return { ...base, code: responseCode, response: response ?? message, ms: Date.now() - t0 };
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = next++; index < COUNT; index = next++) {
          const fuzz = fuzzCase(corpus, SEED, index);
          if (DUMP) writeFileSync(join(DUMP, `${index}.eml`), fuzz.raw);
          results.push(await send(fuzz));
        }
      }),
    );
    transport.close();
    const durationMs = Date.now() - started;

    const delivered = results.filter((r) => r.code === 250);
    const quarantined = results.filter((r) => r.code === 554);
    const failed = results.filter((r) => r.code !== 250 && r.code !== 554);
    const records = readdirSync(join(dir, 'quarantine'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, 'quarantine', f), 'utf8')) as QuarantineRecord);
    const byReason: Record<string, number> = {};
    for (const record of records) byReason[record.code ?? '(none)'] = (byReason[record.code ?? '(none)'] ?? 0) + 1;
    const deliveredEvents = logger.events.filter((e) => e.event === 'smtp.delivered');
    const hashed = deliveredEvents.filter((e) => isHashedThreadWorkflowId(String(e['workflowId'])));
    const fitted = logger.events.filter((e) => e.event === 'ingress.fitted');
    const slowest = [...results]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3)
      .map((r) => `${r.index} ${r.name} ${r.size} B ${r.ms} ms`);
    console.log(
      JSON.stringify(
        {
          seed: SEED,
          count: COUNT,
          delivered: delivered.length,
          quarantined: quarantined.length,
          failed: failed.length,
          quarantinedByReason: byReason,
          deliveredWithHashedWorkflowId: hashed.length,
          fittedIntoBudget: fitted.length,
          bytesSent: results.reduce((n, r) => n + r.size, 0),
          durationMs,
          slowest,
        },
        null,
        2,
      ),
    );

    expect(failed.map((r) => `#${r.index} ${r.name}: ${r.code ?? '-'} ${r.response}`)).toEqual([]);
    expect(delivered.length + quarantined.length).toBe(COUNT);
    expect(records).toHaveLength(quarantined.length);
    for (const record of records) expect(record.reason).toEqual(expect.any(String));
    expect(logger.events.filter((e) => e.event === 'smtp.server-error' || e.event === 'smtp.deferred')).toEqual([]);
    expect(deliveredEvents).toHaveLength(delivered.length);

    // Accepted by Temporal, under the signal budget: every hashed thread and a sample of the rest.
    const sample = [...hashed, ...deliveredEvents.filter((_, i) => i % 25 === 0)];
    for (const event of sample) {
      const handle = env.client.workflow.getHandle(String(event['workflowId']));
      expect(largestPayload(await handle.fetchHistory())).toBeLessThanOrEqual(PAYLOAD_LIMITS.signalBudgetBytes + 1024);
    }
  }, 600_000);
});
