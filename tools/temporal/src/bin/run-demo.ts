// `npm run demo`: the main job on the embedded defaults. Starts the dev server (database under
// .temporal/, Web UI on 8233), one worker from its build (prebuilt workflow bundle) with short flow
// windows, runs the starter's `demo` (sample emails → threads → summaries), then `demo procurement`
// (request → RFQs → quotes → approval → purchase order) and `demo support` (a conversation and an
// escalated complaint), prints how each went, and stops everything cleanly.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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

/**
 * The sender policy of the demo's worker: the scripted procurement's requester domain is allowed
 * (the demo delivers its messages as a trusted relay would, see the starter's `demo/trusted-relay.ts`).
 */
const DEMO_TRUST = {
  PROCUREMENT_REQUESTER_DOMAINS: 'acme-industries.example',
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

function demoSteps(): DemoStep[] {
  return [
    {
      title: 'demo',
      args: ['demo', '--timeout', '60'],
      timeoutS: 60,
      note:
        'The sample emails are delivered from files, without the authentication the ingress would record: the sample purchase ' +
        'request (12 office chairs) is held for a human (unauthenticated), nothing goes to suppliers; completing its thread closes it.',
    },
    { title: 'demo procurement', args: ['demo', 'procurement', '--timeout', '120'], timeoutS: 120 },
    { title: 'demo support', args: ['demo', 'support', '--timeout', '60'], timeoutS: 60 },
  ];
}

function startWorker(root: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const worker = spawn('node', [join(root, 'apps', 'worker', 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start polling within 60 s')), 60_000);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before polling`)));
    worker.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(`[worker] ${chunk.toString()}`);
      if (chunk.toString().includes('polling')) {
        clearTimeout(timer);
        worker.removeAllListeners('exit');
        resolve(worker);
      }
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
  const env: NodeJS.ProcessEnv = {
    ...DEMO_FLOW_WINDOWS,
    ...DEMO_TRUST,
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_UI_URL: server.uiUrl,
    NODE_ENV: 'production',
    WORKER_LOG_LEVEL: 'WARN',
  };
  let worker: ChildProcess | undefined;
  try {
    worker = await startWorker(root, env);
    console.log(`Worker flow windows: ${Object.keys(DEMO_FLOW_WINDOWS).map((name) => `${name}=${env[name]}`).join(' ')}`);
    console.log(`Worker sender policy: ${Object.keys(DEMO_TRUST).map((name) => `${name}=${env[name]}`).join(' ')}`);
    const results: { title: string; code: number }[] = [];
    for (const step of demoSteps()) {
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
    console.log(failed ? '\nSome demos failed; see their output above.' : `\nDone. Threads stay in ${join(root, '.temporal')}; browse them with \`npm run temporal:start\` and ${server.uiUrl}`);
    return failed ? failed.code : 0;
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker?.once('exit', resolve));
      worker.kill('SIGTERM'); // graceful: drains in-flight tasks
      await exited;
    }
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
