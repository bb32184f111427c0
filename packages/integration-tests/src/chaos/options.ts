import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { SmtpSink } from '@org/orchestrator-testing';
import { workspaceRoot } from '../worker-processes';

/**
 * What workers on separate hosts share: nothing but Temporal, one PostgreSQL database and an
 * S3-compatible object store. Each worker then runs in its own empty working directory with its
 * own data folder and HOME.
 */
export interface SharedServices {
  /** `postgres://…`: every store (DATABASE_URL). */
  databaseUrl: string;
  /** `s3://bucket/prefix`: the blob store (BLOB_STORE_URL). */
  blobStoreUrl: string;
  /** The S3-compatible server (S3_ENDPOINT), e.g. moto. */
  s3Endpoint: string;
}

/** What a chaos run does; every field has a default (the full run of `npm run chaos`). */
export interface ChaosOptions {
  /** Email threads (conversations), one customer each. @default 200 */
  threads: number;
  /** Messages per thread; each is answered by exactly one email. @default 3 */
  messagesPerThread: number;
  /** Worker processes (`apps/worker/dist/main.js`) sharing one task queue and one data folder. @default 2 */
  workers: number;
  /** SIGKILLs of a random worker at random moments; each is restarted at once. @default 20 */
  kills: number;
  /** Restarts of the Temporal dev server on the same database file, mid-run. @default 1 */
  serverRestarts: number;
  /** How the dev server is stopped for a restart: `SIGTERM` (graceful) or `SIGKILL` (a crash). @default 'SIGTERM' */
  serverSignal: 'SIGTERM' | 'SIGKILL';
  /** The SMTP sink keeps each email this long before it answers `250` (a slow receiving server). @default 0 */
  smtpAnswerDelayMs: number;
  /** Conversations in progress at once (a customer writes again once answered). @default 40 */
  openThreads: number;
  /** Seed of the choices (victims, moments): the same seed makes the same choices. @default random */
  seed: number;
  /** The whole run stops by itself after this, however far it got (and reports what is missing). @default 900_000 */
  timeoutMs: number;
  /** The built worker. @default `<workspace>/apps/worker/dist/main.js` */
  workerMain: string;
  /** Folder for the dev server's database and the workers' data; a new temporary one by default. */
  dataDir?: string;
  /** Keep `dataDir` after the run (a temporary one is removed otherwise). @default false */
  keepData: boolean;
  /** Progress lines. @default none */
  log: (line: string) => void;
  /** Workers on separate hosts sharing these services, instead of one data folder. @default one host */
  shared?: SharedServices;
  /** More settings for every worker (flow policy, mailboxes). @default none */
  workerEnv?: NodeJS.ProcessEnv;
  /** Runs once the workers poll, before the chaos traffic: e.g. whole conversations on the same cluster. */
  beforeTraffic?: (run: ChaosRun) => Promise<void>;
}

/** What {@link ChaosOptions.beforeTraffic} gets: the running cluster. */
export interface ChaosRun {
  client: Client;
  taskQueue: string;
  sink: SmtpSink;
}

export const FULL_RUN: Omit<ChaosOptions, 'seed' | 'log'> = {
  threads: 200,
  messagesPerThread: 3,
  workers: 2,
  kills: 20,
  serverRestarts: 1,
  serverSignal: 'SIGTERM',
  smtpAnswerDelayMs: 0,
  openThreads: 40,
  timeoutMs: 15 * 60_000,
  workerMain: join(workspaceRoot, 'apps', 'worker', 'dist', 'main.js'),
  keepData: false,
};

/** The defaults with `overrides` applied, checked (a bad value throws, naming it). */
export function chaosOptions(overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  const options: ChaosOptions = { ...FULL_RUN, seed: Math.floor(Math.random() * 2 ** 31), log: () => undefined, ...overrides };
  for (const key of ['threads', 'messagesPerThread', 'workers', 'openThreads', 'timeoutMs'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`${key} must be a positive integer, got ${options[key]}`);
  }
  for (const key of ['kills', 'serverRestarts', 'seed', 'smtpAnswerDelayMs'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 0) throw new Error(`${key} must be an integer >= 0, got ${options[key]}`);
  }
  if (options.serverSignal !== 'SIGTERM' && options.serverSignal !== 'SIGKILL') throw new Error(`serverSignal must be SIGTERM or SIGKILL`);
  return options;
}

/** Command-line flags and the environment variables that set them (a flag wins). */
const FLAGS = {
  threads: ['--threads', 'CHAOS_THREADS'],
  messagesPerThread: ['--messages', 'CHAOS_MESSAGES'],
  workers: ['--workers', 'CHAOS_WORKERS'],
  kills: ['--kills', 'CHAOS_KILLS'],
  serverRestarts: ['--server-restarts', 'CHAOS_SERVER_RESTARTS'],
  openThreads: ['--open-threads', 'CHAOS_OPEN_THREADS'],
  seed: ['--seed', 'CHAOS_SEED'],
  smtpAnswerDelayMs: ['--smtp-delay', 'CHAOS_SMTP_DELAY'],
  timeoutMs: ['--timeout', 'CHAOS_TIMEOUT'],
} as const;

export const USAGE = `npm run chaos [-- options]    (environment: CHAOS_<NAME>, e.g. CHAOS_THREADS=50)
  --threads N          email threads (default ${FULL_RUN.threads})
  --messages N         messages per thread (default ${FULL_RUN.messagesPerThread})
  --workers N          worker processes (default ${FULL_RUN.workers})
  --kills N            SIGKILLs of random workers at random moments (default ${FULL_RUN.kills})
  --server-restarts N  dev-server restarts on the same database (default ${FULL_RUN.serverRestarts})
  --server-signal S    SIGTERM (graceful, default) or SIGKILL (crash) for those restarts
  --open-threads N     conversations in progress at once (default ${FULL_RUN.openThreads})
  --smtp-delay MS      the SMTP sink answers 250 only this long after it has a message (default 0)
  --seed N             seed of the random choices (default: random, printed)
  --timeout SECONDS    stop by then, whatever is missing (default ${FULL_RUN.timeoutMs / 1000})
  --data-dir DIR       keep the dev-server database and the workers' data there (default: a temporary folder, removed)
  --report FILE        where to write the JSON report (default reports/chaos.json)`;

/** Options from `argv` (without node and script) and `env`; `report` is the JSON report's path. */
export function parseChaosArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { options: Partial<ChaosOptions>; report: string; help: boolean } {
  const options: Partial<ChaosOptions> = {};
  const raw = new Map<string, string>();
  for (const [key, [, variable]] of Object.entries(FLAGS)) {
    if (env[variable]) raw.set(key, env[variable] as string);
  }
  if (env['CHAOS_SERVER_SIGNAL']) options.serverSignal = env['CHAOS_SERVER_SIGNAL'].toUpperCase() as ChaosOptions['serverSignal'];
  let report = join(workspaceRoot, 'reports', 'chaos.json');
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const key = Object.entries(FLAGS).find(([, [name]]) => name === flag)?.[0];
    if (key) raw.set(key, value());
    else if (flag === '--server-signal') options.serverSignal = value().toUpperCase() as ChaosOptions['serverSignal'];
    else if (flag === '--data-dir') Object.assign(options, { dataDir: value(), keepData: true });
    else if (flag === '--report') report = value();
    else if (flag === '--help' || flag === '-h') help = true;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  for (const [key, text] of raw) {
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`${key} must be a number, got ${JSON.stringify(text)}`);
    Object.assign(options, { [key]: key === 'timeoutMs' ? Math.round(value * 1000) : value });
  }
  return { options, report, help };
}
