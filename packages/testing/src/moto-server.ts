import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port';

/** The pinned moto release (PyPI `moto[server]`): an S3-compatible server in one Python process. */
export const MOTO_VERSION = '5.2.5';

/** The workspace root: the nearest directory above `from` holding `nx.json`. */
export function workspaceRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Installs moto into `<workspace>/.tools/moto-<version>` (once; later calls find it there) with
 * `python3 -m pip install --target`. Parallel installers each use a temp dir and rename it into
 * place. Throws with pip's output when Python or PyPI is unavailable.
 */
export function ensureMoto(root = workspaceRoot()): string {
  const target = path.join(root, '.tools', `moto-${MOTO_VERSION}`);
  if (existsSync(path.join(target, 'moto', 'server.py'))) return target;
  const tmp = mkdtempSync(path.join(root, '.tools', `.moto-${MOTO_VERSION}-tmp-`));
  try {
    const pip = spawnSync('python3', ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '--target', tmp, `moto[server]==${MOTO_VERSION}`], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (pip.error || pip.status !== 0) {
      throw new Error(`cannot install moto[server]==${MOTO_VERSION} from PyPI: ${pip.error?.message ?? pip.stderr.slice(-2000)}`);
    }
    try {
      renameSync(tmp, target);
    } catch (error) {
      if (!existsSync(path.join(target, 'moto', 'server.py'))) throw error;
    }
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A running moto server. */
export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts moto's S3-compatible server on a free port of 127.0.0.1 and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const home = ensureMoto();
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PYTHONPATH: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${endpoint}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not answer on ${endpoint} within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
