import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureTemporalCli, startDevServer } from '../index';

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let root: string;
let cliPath: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'temporal-dev-server-'));
  const cli = await ensureTemporalCli();
  if (!cli) throw new Error('These tests need the Temporal CLI (npm run temporal:install)');
  cliPath = cli;
}, 60_000);

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Other suites start servers in parallel: a port found free may be taken before the server binds it. */
async function startOnFreePorts(options: Partial<Parameters<typeof startDevServer>[0]> = {}) {
  for (let attempt = 1; ; attempt++) {
    const [port, uiPort] = [await freePort(), await freePort()];
    const server = await startDevServer({ workspaceRoot: root, cliPath, port, uiPort, forwardOutput: false, ...options }).catch((error: Error) => {
      if (attempt < 3 && /address already in use/.test(error.message)) return undefined;
      throw error;
    });
    if (server) return server;
  }
}

describe(startDevServer, () => {
  it('starts a persistent dev server with the search attributes, and stops it', async () => {
    const server = await startOnFreePorts();
    const [port, uiPort] = [Number(server.address.split(':')[1]), Number(server.uiUrl.split(':')[2])];
    try {
      expect(server.address).toBe(`127.0.0.1:${port}`);
      expect(server.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);
      const attributes = execFileSync(cliPath, ['operator', 'search-attribute', 'list', '--address', server.address]);
      expect(attributes.toString()).toMatch(/OrchestratorFlow\s+Keyword/);
      expect(attributes.toString()).toMatch(/OrchestratorStatus\s+Keyword/);
      expect(attributes.toString()).toMatch(/OrchestratorSlaBreached\s+Bool/);
      await expect(fs.stat(path.join(root, '.temporal', 'dev-server.sqlite'))).resolves.toBeTruthy();
    } finally {
      await server.stop();
    }
    await expect(server.exited).resolves.toBeDefined();
    expect(server.child.exitCode !== null || server.child.signalCode !== null).toBe(true);
  }, 40_000);

  it('registers attributes added since an existing database was created', async () => {
    const dbFilename = path.join(root, 'older.sqlite');
    const older = await startOnFreePorts({ dbFilename, searchAttributes: { OrchestratorFlow: 'Keyword' } });
    await older.stop();
    const server = await startOnFreePorts({ dbFilename });
    try {
      const attributes = execFileSync(cliPath, ['operator', 'search-attribute', 'list', '--address', server.address]).toString();
      expect(attributes).toMatch(/OrchestratorFlow\s+Keyword/);
      expect(attributes).toMatch(/OrchestratorSlaBreached\s+Bool/);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('runs in memory and headless with dynamic config values', async () => {
    const dir = path.join(root, 'in-memory');
    const server = await startOnFreePorts({
      workspaceRoot: dir,
      dbFilename: null,
      headless: true,
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 500 },
    });
    try {
      const args = server.child.spawnargs;
      expect(args).toEqual(expect.arrayContaining(['--headless', '--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=500']));
      expect(args).not.toContain('--db-filename');
      expect(args).not.toContain('--ui-port');
      await expect(fs.stat(path.join(dir, '.temporal', 'dev-server.sqlite'))).rejects.toThrow();
    } finally {
      await server.stop();
    }
  }, 40_000);

  it('refuses a port that is already taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startDevServer({ workspaceRoot: root, cliPath, port, forwardOutput: false })).rejects.toThrow(/already in use/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
