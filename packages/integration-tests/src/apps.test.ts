import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteOutboxLedger } from '@org/orchestrator-activities';
import { createLocalTestEnv, freePort, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { WatchedProcess } from './worker-processes';
import { stopProcess, watchProcess, workspaceRoot } from './worker-processes';

const run = promisify(execFile);
const workerMain = join(workspaceRoot, 'apps', 'worker', 'dist', 'main.js');
const starterMain = join(workspaceRoot, 'apps', 'starter', 'dist', 'main.js');
const ingressMain = join(workspaceRoot, 'apps', 'ingress', 'dist', 'main.js');

interface DemoOutput {
  uiUrl: string;
  threads: { threadId: string; flow: string; messagesHandled: number; duplicatesIgnored: number; url: string }[];
}

describe('the built apps: worker (prebuilt bundle) and starter CLI', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let worker: WatchedProcess | undefined;
  let ingress: WatchedProcess | undefined;
  let appEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'apps-'));
    appEnv = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('apps'),
      ORCHESTRATOR_DB_PATH: join(dir, 'orchestrator.sqlite'),
      OUTBOX_DATABASE_URL: join(dir, 'orchestrator.sqlite'),
      OUTBOX_DIR: join(dir, 'outbox'),
      BLOB_STORE_URL: join(dir, 'blobs'),
      TEMPORAL_UI_URL: 'http://localhost:8233',
      // Short flow windows, as `npm run demo` uses: the scripted procurement takes seconds.
      PROCUREMENT_CORRECTION_WINDOW: '2s',
      PROCUREMENT_QUOTE_WINDOW: '1m',
      // The scripted procurement's requester domain (its mail is DKIM-signed and verified by the ingress).
      PROCUREMENT_REQUESTER_DOMAINS: 'acme-industries.example',
    };
  }, 120_000);
  afterAll(async () => {
    await stopProcess(ingress, 'SIGKILL');
    await stopProcess(worker, 'SIGKILL');
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the demo end to end, refuses bad input, and the worker stops gracefully on SIGTERM', async () => {
    worker = watchProcess('node', [workerMain], { ...appEnv, NODE_ENV: 'production', ORCHESTRATOR_ID_SECRET: randomBytes(32).toString('hex') });
    await worker.waitForLine(/polling .* \(bundle\); mail via file:\/\/.*tracing off \(workflow code workflow-bundle\.js\)/);

    const { stdout } = await run('node', [starterMain, 'demo', '--json', '--timeout', '60'], { env: { ...process.env, ...appEnv } });
    const demo = JSON.parse(stdout) as DemoOutput;
    const byFlow = Object.fromEntries(demo.threads.map((t) => [t.flow, t]));
    expect(demo.threads).toHaveLength(3);
    expect(byFlow['procurement']).toMatchObject({ messagesHandled: 2, duplicatesIgnored: 0 });
    expect(byFlow['support']).toMatchObject({ messagesHandled: 1, duplicatesIgnored: 1 });
    expect(byFlow['unknown']).toMatchObject({ messagesHandled: 1, duplicatesIgnored: 0 });
    expect(byFlow['support']?.url).toMatch(/^http:\/\/localhost:8233\/namespaces\/default\/workflows\/email-thread/);

    // Unsigned, straight to Temporal: the purchase request is held for a human, nothing is asked of suppliers.
    const unsigned = await run('node', [starterMain, 'demo', 'procurement', '--json', '--timeout', '60'], { env: { ...process.env, ...appEnv } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(unsigned).toMatchObject({ code: 1 });
    expect((unsigned as { stderr: string }).stderr).toContain('held for a human (unauthenticated)');

    // The scripted flows as DKIM-signed mail through the built SMTP ingress, which verifies them
    // against the demo's published keys: a purchase order, and a support conversation.
    const keys = join(dir, 'demo-mail');
    await run('node', [starterMain, 'demo', 'keys', '--out', keys], { env: { ...process.env, ...appEnv } });
    const smtpPort = await freePort();
    ingress = watchProcess('node', [ingressMain], {
      ...appEnv,
      INGRESS_DOMAINS: 'orchestrator.example',
      SMTP_INGRESS_PORT: String(smtpPort),
      INGRESS_DNS_OVERRIDES: join(keys, 'dns-overrides.json'),
      QUARANTINE_DIR: join(dir, 'quarantine'),
    });
    await ingress.waitForLine(/ingress\.ready/);
    const signed = ['--smtp', `smtp://127.0.0.1:${smtpPort}`, '--signing-keys', keys];
    const procurement = JSON.parse(
      (await run('node', [starterMain, 'demo', 'procurement', ...signed, '--json', '--timeout', '90'], { env: { ...process.env, ...appEnv } })).stdout,
    ) as {
      outcome?: string;
      purchaseOrder?: { number: string };
    };
    expect(procurement).toMatchObject({ outcome: 'ordered', purchaseOrder: { number: expect.stringMatching(/^PO-\d{4}-\d{6}$/) } });
    const support = (await run('node', [starterMain, 'demo', 'support', ...signed, '--json', '--timeout', '90'], { env: { ...process.env, ...appEnv } }))
      .stdout;
    expect(support).toContain('answered-by-agent');
    // What the ingress recorded: every message verified, none refused.
    expect(ingress.lines.filter((l) => l.includes('smtp.delivered')).length).toBeGreaterThanOrEqual(7);
    ingress.child.kill('SIGTERM');
    expect(await ingress.exited).toMatchObject({ code: 0 });

    // An invalid email is refused by the CLI with the field named, exit code 2.
    const refused = await run('node', [starterMain, 'deliver', '--from', 'not-an-address', '--to', 'help@orchestrator.test', '--subject', 'x', '--text', 'y'], {
      env: { ...process.env, ...appEnv },
    }).catch((error: { code: number; stderr: string; stdout: string }) => error);
    expect(refused).toMatchObject({ code: 2 });
    expect(`${(refused as { stderr: string }).stderr}`).toContain('from.address');

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    // The worker logs JSON lines (pino).
    expect(worker.lines.some((l) => l.includes('"msg":"worker stopped"'))).toBe(true);

    // Every email went to the file outbox exactly once, as the outbox ledger recorded it.
    const sent = readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'));
    const ledger = openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite'));
    try {
      const entries = await ledger.list();
      expect(entries.length).toBeGreaterThan(10); // replies, RFQs, approval, purchase order, notices
      expect(entries.every((e) => e.status === 'sent' && e.attempts === 1)).toBe(true);
      expect(sent).toHaveLength(entries.length);
    } finally {
      await ledger.close();
    }
  }, 180_000);

  it('loads the traced bundle when tracing is on, and its workflow spans reach the exporter', async () => {
    const taskQueue = uniqueTaskQueue('apps-traced');
    const traced = watchProcess('node', [workerMain], {
      ...appEnv,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ORCHESTRATOR_DB_PATH: join(dir, 'traced', 'orchestrator.sqlite'),
      OUTBOX_DATABASE_URL: join(dir, 'traced', 'orchestrator.sqlite'),
      NODE_ENV: 'production',
      ORCHESTRATOR_ID_SECRET: randomBytes(32).toString('hex'),
      OTEL_TRACES_EXPORTER: 'console',
      // Plain text: nx sets FORCE_COLOR for its tasks, and the console exporter would colour the span names.
      FORCE_COLOR: '0',
    });
    try {
      await traced.waitForLine(/polling .* \(bundle\);.*tracing on \(workflow code workflow-bundle\.traced\.js\)/);
      await run(
        'node',
        [starterMain, 'deliver', '--from', 'ada@example.com', '--to', 'help@orchestrator.test', '--subject', 'Opening hours', '--text', 'When are you open?'],
        {
          env: { ...process.env, ...appEnv, TEMPORAL_TASK_QUEUE: taskQueue },
        },
      );
      // The console exporter prints each finished span; a workflow span comes from the bundled interceptors.
      await traced.waitForLine(/name: '(HandleSignal|StartActivity):/);
    } finally {
      await stopProcess(traced);
    }
  }, 90_000);
});
