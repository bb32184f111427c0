import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A worker process and how long it took from spawn to polling. */
export interface WorkerProcess {
  child: ChildProcess;
  readyMs: number;
  /** Its resident set size now, bytes (from /proc). */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** The SDK's log lines without their terminal colour codes. */
const READY_TIMEOUT_MS = 120_000;

const stripColours = (line: string) => line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/**
 * Spawns a worker and resolves once it prints a line containing `polling` (both the deployed
 * worker and the raw worker do), timing spawn to ready.
 */
export async function startWorkerProcess(args: string[], env: Record<string, string>, log: (line: string) => void, name: string): Promise<WorkerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`${name}: ${stripColours(line)}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const readyMs = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('polling')) resolve(performance.now() - started);
    });
    // A worker that never says it polls (a log level that hides the line, a hung connection) fails the run instead of hanging it.
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not report polling within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
  }).finally(() => clearTimeout(timer));
  return {
    child,
    readyMs,
    rssBytes: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return Number(match?.[1] ?? 0) * 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
