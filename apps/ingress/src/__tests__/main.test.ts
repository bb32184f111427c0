import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import { freePort } from '@org/orchestrator-testing';

const MAIN = join(__dirname, '..', 'main.ts');

/** Runs src/main.ts from source; resolves with its exit and output once it exits. */
function run(env: NodeJS.ProcessEnv, whenReady?: (stdout: () => string, kill: () => void) => void) {
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (whenReady && stdout.includes('"event":"ingress.ready"')) {
      const callback = whenReady;
      whenReady = undefined;
      callback(() => stdout, () => child.kill('SIGTERM'));
    }
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('orchestrator-ingress (main)', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'ingress-app-'));
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 naming the missing setting when neither SMTP nor IMAP is configured', async () => {
    const { code, stderr } = await run({ TEMPORAL_ADDRESS: env.address });
    expect(code).toBe(1);
    expect(stderr).toMatch(/IngressConfigError.*INGRESS_DOMAINS or IMAP_URL must be set/);
  }, 60_000);

  it('starts the SMTP server from the environment and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { code, stdout } = await run(
      {
        TEMPORAL_ADDRESS: env.address,
        INGRESS_DOMAINS: 'orders.example.com',
        SMTP_INGRESS_PORT: String(port),
        BLOB_STORE_URL: join(dir, 'blobs'),
        QUARANTINE_DIR: join(dir, 'quarantine'),
      },
      (_stdout, kill) => kill(),
    );
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(['smtp.listening', 'ingress.ready', 'ingress.stopping', 'smtp.closed', 'ingress.stopped']);
    expect(stdout).toContain(`"port":${port}`);
  }, 60_000);
});
