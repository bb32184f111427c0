import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowsForTest } from '@org/orchestrator-testing';

export const workspaceRoot = join(__dirname, '..', '..', '..');

/** A child process whose stdout lines are collected and can be awaited. */
export interface WatchedProcess {
  child: ChildProcess;
  lines: string[];
  /** stderr as received (chunks). */
  stderr: string[];
  /** Resolves with the first line at index `from` or later (already seen or future) matching `pattern`. */
  waitForLine(pattern: RegExp, options?: { timeoutMs?: number; from?: number }): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `command` in `cwd` (default the workspace root) with `env` added to this process's
 * environment (or, with `inheritEnv: false`, with `env` alone, so no setting of the caller's leaks into the child).
 */
export function watchProcess(command: string, args: string[], env: NodeJS.ProcessEnv, options: { inheritEnv?: boolean; cwd?: string } = {}): WatchedProcess {
  const childEnv = options.inheritEnv === false ? env : { ...process.env, ...env };
  const child = spawn(command, args, { cwd: options.cwd ?? workspaceRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  // waiters registered now only see lines that arrive later; earlier ones are checked on entry
  let buffer = '';
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr,
    exited,
    waitForLine(pattern, { timeoutMs = 60_000, from = 0 } = {}) {
      const seen = lines.slice(from).find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms.\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr.join('')}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
  };
}

/** Stops a process if still running and waits for it. */
export async function stopProcess(p: WatchedProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}

/**
 * Prepares worker processes of `fixtures/holding-worker.ts` on one task queue: the workflow bundle
 * is written once to `dir`, and every worker shares the SQLite stores there. `start` spawns one,
 * with `env` adding or overriding settings (`HOLD_AT`, `HOLD_MS`, `SMTP_URL`, ...).
 */
export async function prepareHoldingWorkers(temporal: { address: string; namespace?: string }, dir: string, taskQueue: string) {
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, (await bundleWorkflowsForTest(require.resolve('@org/orchestrator-workflows'))).code);
  const databasePath = join(dir, 'orchestrator.sqlite');
  return {
    databasePath,
    start: (identity: string, env: NodeJS.ProcessEnv = {}) =>
      watchProcess('node', ['--conditions=@org/source', '--import', 'tsx', join(__dirname, 'fixtures', 'holding-worker.ts')], {
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace ?? 'default',
        TEMPORAL_TASK_QUEUE: taskQueue,
        ORCHESTRATOR_DB_PATH: databasePath,
        OUTBOX_DATABASE_URL: databasePath,
        OUTBOX_DIR: join(dir, 'outbox'),
        BLOB_STORE_URL: join(dir, 'blobs'),
        WORKFLOW_BUNDLE_PATH: bundlePath,
        WORKER_IDENTITY: identity,
        ...env,
      }),
  };
}
