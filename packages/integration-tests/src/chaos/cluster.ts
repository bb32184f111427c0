import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DevServerHandle } from '@org/temporal-toolchain';
import { ensureTemporalCli, startDevServer } from '@org/temporal-toolchain';
import { freePort, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { SharedServices } from './options';
import type { WatchedProcess } from '../worker-processes';
import { watchProcess, workspaceRoot } from '../worker-processes';

/** A worker process that exited without being told to. */
export interface UnexpectedExit {
  worker: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of its stderr. */
  stderr: string;
}

/** One worker slot: the process running in it now, restarted after every kill. */
interface Slot {
  name: string;
  generation: number;
  process: WatchedProcess;
  /** Set before we kill or stop it, so its exit is not reported as unexpected. */
  expectedExit: boolean;
}

export interface ClusterOptions {
  dir: string;
  workers: number;
  workerMain: string;
  smtpUrl: string;
  /** Automatic answers a thread and a sender may get: generous, so limits never shape the run. */
  autoReplyLimit: number;
  log: (line: string) => void;
  /** Workers on separate hosts: each its own empty working directory, data folder and HOME. */
  shared?: SharedServices;
  /** More settings for every worker. */
  workerEnv?: NodeJS.ProcessEnv;
}

/**
 * A Temporal dev server on a database file and worker processes of the built worker on one task
 * queue, sharing one data folder, all on 127.0.0.1; workers are SIGKILLed and restarted, the
 * server restarted on its database. Every process it starts is stopped by {@link ChaosCluster.stop}
 * (and SIGKILLed by {@link ChaosCluster.killAllNow}, for an exiting process).
 */
export class ChaosCluster {
  readonly taskQueue = uniqueTaskQueue('chaos');
  readonly dataDir: string;
  readonly databasePath: string;
  /** Where each worker process's output goes (`w1-1.log`: slot 1, first generation). */
  readonly logDir: string;
  readonly unexpectedExits: UnexpectedExit[] = [];
  private readonly slots: Slot[] = [];
  private readonly all = new Set<WatchedProcess>();
  private server: DevServerHandle | undefined;
  /** The server's `host:port`: the same across restarts. */
  private serverAddress: string | undefined;
  private serverOptions: Parameters<typeof startDevServer>[0] = {};
  private readonly idSecret = randomBytes(32).toString('hex');
  private closing = false;

  constructor(private readonly options: ClusterOptions) {
    this.dataDir = join(options.dir, 'data');
    this.databasePath = join(this.dataDir, 'orchestrator.sqlite');
    this.logDir = join(options.dir, 'logs');
  }

  get address(): string {
    if (!this.serverAddress) throw new Error('the dev server was not started');
    return this.serverAddress;
  }

  /** Starts the dev server, then the workers, and waits until every worker polls. */
  async start(): Promise<void> {
    if (!existsSync(this.options.workerMain)) {
      throw new Error(`${this.options.workerMain} is missing: build the worker first (npx nx build worker)`);
    }
    mkdirSync(this.dataDir, { recursive: true });
    mkdirSync(this.logDir, { recursive: true });
    const cliPath = await ensureTemporalCli({ workspaceRoot, log: this.options.log });
    if (!cliPath) throw new Error('The Temporal CLI is not available (npm run temporal:install)');
    this.serverOptions = {
      workspaceRoot,
      cliPath,
      ip: '127.0.0.1',
      port: await freePort(),
      uiPort: await freePort(),
      dbFilename: join(this.options.dir, 'temporal.sqlite'),
      logLevel: 'error',
      forwardOutput: false,
    };
    this.server = await startDevServer(this.serverOptions);
    this.serverAddress = this.server.address;
    for (let i = 0; i < this.options.workers; i++) this.slots.push(this.spawn(`w${i + 1}`, 1));
    await Promise.all(this.slots.map((slot) => this.ready(slot)));
  }

  /** Live worker processes. */
  get workerCount(): number {
    return this.slots.length;
  }

  /** SIGKILLs the worker in slot `index` and starts its replacement at once (not waiting for it to poll). */
  async killWorker(index: number): Promise<{ victim: string; pid: number | undefined }> {
    const slot = this.slots[index];
    const pid = slot.process.child.pid;
    const victim = `${slot.name}#${slot.generation} (pid ${pid})`;
    slot.expectedExit = true;
    slot.process.child.kill('SIGKILL');
    await slot.process.exited;
    this.all.delete(slot.process);
    if (!this.closing) this.slots[index] = this.spawn(slot.name, slot.generation + 1);
    return { victim, pid };
  }

  /** Stops the dev server with `signal` and starts it again on the same database and port; resolves with the downtime (ms). */
  async restartServer(signal: NodeJS.Signals): Promise<number> {
    const started = Date.now();
    await this.server?.stop(signal);
    this.server = undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        this.server = await startDevServer(this.serverOptions);
        return Date.now() - started;
      } catch (error) {
        // The port can take a moment to be released after a crash.
        if (attempt >= 5 || this.closing) throw error;
        this.options.log(`dev server restart failed (attempt ${attempt}): ${(error as Error).message.split('\n')[0]}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Stops every process this cluster started: workers by SIGKILL, then the dev server. */
  async stop(): Promise<void> {
    this.closing = true;
    for (const slot of this.slots) slot.expectedExit = true;
    await Promise.all(
      [...this.all].map(async (p) => {
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        await p.exited;
      }),
    );
    this.all.clear();
    await this.server?.stop('SIGTERM');
    this.server = undefined;
  }

  /** Synchronous last resort for a process about to exit: SIGKILLs whatever is still running. */
  killAllNow(): void {
    this.closing = true;
    for (const p of this.all) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    if (this.server && this.server.child.exitCode === null) this.server.child.kill('SIGKILL');
  }

  /** The host folders of the workers started so far (with shared services only): nothing in them is shared. */
  readonly hostDirs: string[] = [];

  private spawn(name: string, generation: number): Slot {
    // On separate hosts every process starts in a new empty folder that is its HOME and its data folder's parent.
    const hostDir = this.options.shared ? join(this.options.dir, 'hosts', `${name}-${generation}`) : undefined;
    if (hostDir) {
      mkdirSync(hostDir, { recursive: true });
      this.hostDirs.push(hostDir);
    }
    const process = watchProcess('node', [this.options.workerMain], this.workerEnv(hostDir), { inheritEnv: false, ...(hostDir ? { cwd: hostDir } : {}) });
    // Each worker's output, for a post-mortem (kept with the data folder).
    const logFile = createWriteStream(join(this.logDir, `${name}-${generation}.log`));
    process.child.stdout?.pipe(logFile);
    process.child.stderr?.pipe(logFile);
    this.all.add(process);
    const slot: Slot = { name, generation, process, expectedExit: false };
    void process.exited.then(({ code, signal }) => {
      if (slot.expectedExit || this.closing) return;
      // A worker must survive a server restart or a database hiccup: an exit of its own is a finding.
      const stderr = process.stderr.join('').split('\n').filter(Boolean).slice(-15).join('\n');
      this.unexpectedExits.push({ worker: `${name}#${generation}`, code, signal, stderr });
      this.options.log(`worker ${name}#${generation} exited by itself (${signal ?? `code ${code}`}); restarting it\n${stderr}`);
      this.all.delete(process);
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn(name, generation + 1);
    });
    return slot;
  }

  private async ready(slot: Slot): Promise<void> {
    await slot.process.waitForLine(/"msg":"worker .* polling /, { timeoutMs: 120_000 });
  }

  /** The worker's whole environment: nothing of the caller's (API keys, SMTP, agents) leaks in. */
  private workerEnv(hostDir: string | undefined): NodeJS.ProcessEnv {
    const limit = String(this.options.autoReplyLimit);
    const { shared } = this.options;
    const stores: NodeJS.ProcessEnv =
      shared && hostDir
        ? {
            HOME: hostDir,
            ORCHESTRATOR_DB_PATH: join(hostDir, 'data', 'orchestrator.sqlite'),
            DATABASE_URL: shared.databaseUrl,
            BLOB_STORE_URL: shared.blobStoreUrl,
            S3_ENDPOINT: shared.s3Endpoint,
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_REGION: 'us-east-1',
          }
        : { ORCHESTRATOR_DB_PATH: this.databasePath, OUTBOX_DATABASE_URL: this.databasePath, BLOB_STORE_URL: join(this.dataDir, 'blobs') };
    return {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      TMPDIR: process.env['TMPDIR'],
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: this.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      ...stores,
      SMTP_URL: this.options.smtpUrl,
      AGENT_PROVIDER: 'rules',
      // INFO: readiness is the worker's "polling" log line (an info line; WARN would hide it).
      WORKER_LOG_LEVEL: 'INFO',
      // Outbound Message-IDs are keyed by this secret where the worker supports it; the same on every worker.
      ORCHESTRATOR_ID_SECRET: this.idSecret,
      // Where auto-reply limits exist: never the reason an answer is not sent in this run.
      AUTO_REPLY_LIMIT_PER_THREAD: limit,
      AUTO_REPLY_LIMIT_PER_SENDER: limit,
      ...this.options.workerEnv,
    };
  }
}
