// `npm run demo`: the main job on the embedded defaults. Starts the dev server (database under
// .temporal/, Web UI on 8233), one worker from its build (prebuilt workflow bundle), runs the
// starter's `demo` (sample emails → threads → summaries), then stops everything cleanly.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDevServer } from '../dev-server';
import { findWorkspaceRoot } from '../workspace';

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

async function main(): Promise<number> {
  const root = findWorkspaceRoot();
  const server = await startDevServer({ workspaceRoot: root });
  console.log(`Temporal dev server on ${server.address}; Web UI ${server.uiUrl}`);
  const env = { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_UI_URL: server.uiUrl, NODE_ENV: 'production', WORKER_LOG_LEVEL: 'WARN' };
  let worker: ChildProcess | undefined;
  try {
    worker = await startWorker(root, env);
    const demo = spawn('node', [join(root, 'apps', 'starter', 'dist', 'main.js'), 'demo'], { cwd: root, env, stdio: 'inherit' });
    const code = await new Promise<number>((resolve) => demo.on('exit', (c) => resolve(c ?? 1)));
    const outbox = join(root, process.env['OUTBOX_DIR'] ?? join('.data', 'outbox'));
    if (code === 0 && !process.env['SMTP_URL'] && existsSync(outbox)) {
      console.log(`\nReplies sent so far (one .eml each): ${readdirSync(outbox).filter((f) => f.endsWith('.eml')).length} in ${outbox}`);
    }
    console.log(code === 0 ? `\nDone. Threads stay in ${join(root, '.temporal')}; browse them with \`npm run temporal:start\` and ${server.uiUrl}` : `\ndemo failed (exit ${code})`);
    return code;
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
