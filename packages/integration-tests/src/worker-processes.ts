import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '..', '..', '..');

/** A child process whose stdout lines are collected and can be awaited. */
export interface WatchedProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line at index `from` or later (already seen or future) matching `pattern`. */
  waitForLine(pattern: RegExp, options?: { timeoutMs?: number; from?: number }): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function watchProcess(command: string, args: string[], env: NodeJS.ProcessEnv): WatchedProcess {
  const child = spawn(command, args, { cwd: workspaceRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
