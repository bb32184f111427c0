// `npm run demo`: the main job on the embedded defaults. Starts the dev server (database under
// .temporal/, Web UI on 8233), one worker from its build (prebuilt workflow bundle) with short flow
// windows, runs the starter's `demo` (sample emails → threads → summaries), then `demo procurement`
// (request → RFQs → quotes → approval → purchase order) and `demo support` (a conversation and an
// escalated complaint), prints how each went, and stops everything cleanly. The scripted demos send
// real mail: DKIM-signed by each sender's domain (keys made by `orchestrator demo keys`), through the
// SMTP ingress, which verifies the signatures against the demo's DNS records.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startDevServer } from '../dev-server';
import { findWorkspaceRoot } from '../workspace';

/**
 * Flow windows of the demo's worker (see apps/worker/README.md), so a procurement takes seconds:
 * a quote can be corrected for 3 s, suppliers are reminded after 1 min and quotes close after 2 min.
 * Set in the environment, they win.
 */
const DEMO_FLOW_WINDOWS = {
  PROCUREMENT_CORRECTION_WINDOW: '3s',
  PROCUREMENT_QUOTE_WINDOW: '2m',
  PROCUREMENT_SUPPLIER_REMINDER: '1m',
} as const;

/** Extra time a step's process gets past its own `--timeout` before it is stopped. */
const STEP_GRACE_MS = 30_000;

interface DemoStep {
  title: string;
  args: string[];
  /** The `--timeout` passed to the step, in seconds. */
  timeoutS: number;
  /** Printed before the step runs. */
  note?: string;
}

/** The requester's company in the scripted procurement: the only domain the demo's worker takes purchase requests from. */
const DEMO_REQUESTER_DOMAIN = 'acme-industries.example';
/** The mailboxes the demo writes to (purchasing@, support@): the domain the ingress accepts mail for. */
const DEMO_INGRESS_DOMAIN = 'orchestrator.example';

function demoSteps(smtpUrl: string, keysDir: string): DemoStep[] {
  const signed = ['--smtp', smtpUrl, '--signing-keys', keysDir];
  return [
    {
      title: 'demo',
      args: ['demo', '--timeout', '60'],
      timeoutS: 60,
      note:
        'The sample emails are delivered from files, straight to Temporal, without the authentication the ingress would record: the ' +
        'sample purchase request (12 office chairs) is held for a human (unauthenticated), nothing goes to suppliers; completing its thread closes it.',
    },
    { title: 'demo procurement', args: ['demo', 'procurement', ...signed, '--timeout', '120'], timeoutS: 120 },
    { title: 'demo support', args: ['demo', 'support', ...signed, '--timeout', '60'], timeoutS: 60 },
    {
      title: 'demo inbox',
      args: ['demo', 'procurement', ...signed, '--leave-pending', '--timeout', '120'],
      timeoutS: 120,
      note: 'One more purchase, left waiting for approval: decide it in the task inbox.',
    },
  ];
}

/** Starts a built app and resolves once it printed `ready` (a line matching it) on stdout. */
function startApp(root: string, name: string, main: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn('node', [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (name === 'worker' || !chunk.toString().includes('"level":"info"')) process.stdout.write(`[${name}] ${chunk.toString()}`);
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
  });
}

async function stopApp(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM'); // graceful: drains in-flight work
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs one `orchestrator` command; stops it (exit 1, with a clear line) if it outlives its timeout. */
function runStep(root: string, env: NodeJS.ProcessEnv, step: DemoStep): Promise<number> {
  const child = spawn('node', [join(root, 'apps', 'starter', 'dist', 'main.js'), ...step.args], { cwd: root, env, stdio: 'inherit' });
  return new Promise<number>((resolve) => {
    const limitMs = step.timeoutS * 1000 + STEP_GRACE_MS;
    const timer = setTimeout(() => {
      console.error(`\n${step.title} did not finish within ${limitMs / 1000}s; stopping it.`);
      child.kill('SIGTERM');
    }, limitMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      console.error(`${step.title} could not start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const root = findWorkspaceRoot();
  const server = await startDevServer({ workspaceRoot: root });
  console.log(`Temporal dev server on ${server.address}; Web UI ${server.uiUrl}`);
  const keysDir = join(root, '.data', 'demo-mail');
  const smtpPort = await freePort();
  const inboxPort = Number(process.env['INBOX_PORT'] ?? 8787);
  const inboxUrl = `http://127.0.0.1:${inboxPort}`;
  const env: NodeJS.ProcessEnv = {
    ...DEMO_FLOW_WINDOWS,
    PROCUREMENT_REQUESTER_DOMAINS: DEMO_REQUESTER_DOMAIN,
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_UI_URL: server.uiUrl,
    // The prebuilt bundle, in development mode: the worker keeps its own id secret in .data/id-secret
    // (production would require ORCHESTRATOR_ID_SECRET).
    NODE_ENV: 'development',
    WORKFLOW_BUNDLE_PATH: process.env['WORKFLOW_BUNDLE_PATH'] || join(root, 'apps', 'worker', 'dist', 'workflow-bundle.js'),
    WORKER_LOG_LEVEL: 'INFO', // the ready line ('… polling …') is an info line
    // The task inbox and the worker share the secret of the one-click links in approval emails.
    INBOX_PORT: String(inboxPort),
    INBOX_BASE_URL: inboxUrl,
    INBOX_SECRET: process.env['INBOX_SECRET'] || randomBytes(32).toString('hex'),
  };
  let worker: ChildProcess | undefined;
  let ingress: ChildProcess | undefined;
  let inbox: ChildProcess | undefined;
  try {
    if ((await runStep(root, env, { title: 'demo keys', args: ['demo', 'keys', '--out', keysDir], timeoutS: 30 })) !== 0) return 1;
    worker = await startApp(root, 'worker', join(root, 'apps', 'worker', 'dist', 'main.js'), env, /polling/);
    ingress = await startApp(
      root,
      'ingress',
      join(root, 'apps', 'ingress', 'dist', 'main.js'),
      { ...env, INGRESS_DOMAINS: DEMO_INGRESS_DOMAIN, SMTP_INGRESS_PORT: String(smtpPort), INGRESS_DNS_OVERRIDES: join(keysDir, 'dns-overrides.json') },
      /ingress\.ready/,
    );
    inbox = await startApp(root, 'inbox', join(root, 'apps', 'inbox', 'dist', 'main.js'), { ...env, LOG_LEVEL: 'info' }, /inbox listening/);
    console.log(
      `Worker flow windows: ${Object.keys(DEMO_FLOW_WINDOWS)
        .map((name) => `${name}=${env[name]}`)
        .join(' ')}`,
    );
    console.log(`Purchase requests are taken from authenticated ${env['PROCUREMENT_REQUESTER_DOMAINS']} mail; SMTP ingress on 127.0.0.1:${smtpPort}`);
    const results: { title: string; code: number }[] = [];
    for (const step of demoSteps(`smtp://127.0.0.1:${smtpPort}`, keysDir)) {
      console.log(`\n=== orchestrator ${step.args.join(' ')}`);
      if (step.note) console.log(step.note);
      // The steps are independent threads: a failed one does not stop the others.
      results.push({ title: step.title, code: await runStep(root, env, step) });
    }

    const outbox = join(root, process.env['OUTBOX_DIR'] ?? join('.data', 'outbox'));
    if (!process.env['SMTP_URL'] && existsSync(outbox)) {
      console.log(`\nEmails sent so far (one .eml each): ${readdirSync(outbox).filter((f) => f.endsWith('.eml')).length} in ${outbox}`);
    }
    console.log('\nOutcome:');
    for (const { title, code } of results) console.log(`  ${title.padEnd(17)} ${code === 0 ? 'ok' : `failed (exit ${code})`}`);
    const failed = results.find((r) => r.code !== 0);
    console.log(
      failed
        ? '\nSome demos failed; see their output above.'
        : `\nDone. Threads stay in ${join(root, '.temporal')}; browse them with \`npm run temporal:start\` and ${server.uiUrl}`,
    );
    if (process.stdin.isTTY) {
      console.log(
        `\nTask inbox: ${inboxUrl}\nSign in as approver@orchestrator.local: the sign-in link is printed here as [inbox] development: … ` +
          '(and written to the outbox); a purchase waits for your approval. Press Ctrl-C to stop everything.',
      );
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    } else {
      console.log(`\nTask inbox was on ${inboxUrl} (run in a terminal to keep it up and click through the waiting purchase).`);
    }
    return failed ? failed.code : 0;
  } finally {
    await stopApp(inbox);
    await stopApp(ingress);
    await stopApp(worker);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
