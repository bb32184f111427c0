import { z } from 'zod';
import type { EnvErrorFactory, EnvSource } from './env';
import { EnvVariableError, envSchemas } from './env';
import type { EnvVariableSpec } from './env-docs';
import { defineEnvVariable, readEnvVariable } from './env-docs';

/**
 * The variables several processes of one deployment read (worker, ingress, inbox, the `orchestrator`
 * CLI), declared once here because they must agree on them: where the stores and blobs are, the ops
 * port, the log level, the inbox's address and secret. Each process's own variables are declared
 * in its package. Workflow-safe (plain data and schemas).
 */

/** The worker's SQLite file of the orchestrator store unless `ORCHESTRATOR_DB_PATH` names another; its folder is the data folder. */
export const DEFAULT_ORCHESTRATOR_DB_PATH = '.data/orchestrator.sqlite';
/** Where blobs go when `BLOB_STORE_URL` is not set (relative to the working directory). */
export const DEFAULT_BLOB_STORE_URL = '.data/blobs';

/** `postgres://…` or `postgresql://…` (any case), as every store opener reads it. */
export const POSTGRES_URL = /^postgres(ql)?:\/\//i;

const postgresUrl = z
  .string()
  .refine((raw) => POSTGRES_URL.test(raw), {
    message: 'must be a PostgreSQL URL (postgres://user:password@host:5432/db); leave it unset for SQLite files',
  })
  .describe('a `postgres://user:password@host:5432/db` URL');

/** A path, `file:///dir` or `s3://bucket/prefix` (what `@org/orchestrator-blob-store`'s `blobStoreFromUrl` opens). */
const blobStoreUrl = z
  .string()
  .superRefine((raw, ctx) => {
    if (raw.startsWith('s3://') && !/^s3:\/\/[^/]+/.test(raw)) ctx.addIssue({ code: 'custom', message: 'names no bucket (expected s3://bucket/prefix)' });
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !raw.startsWith('s3://') && !raw.startsWith('file:'))
      ctx.addIssue({ code: 'custom', message: 'has an unsupported scheme (use a path, file:///dir or s3://bucket/prefix)' });
  })
  .describe('a path, `file:///dir` or `s3://bucket/prefix`');

/** The log levels of the JSON logs of the ingress and the inbox (`LOG_LEVEL`). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The shared variables (see the module's comment). */
export const SHARED_ENV = {
  nodeEnv: defineEnvVariable({
    name: 'NODE_ENV',
    schema: envSchemas.text('`production`, `development`, `test`, …'),
    default: 'unset (development)',
    meaning:
      '`production`: the worker runs its prebuilt workflow bundle and the inbox requires `INBOX_SECRET`; anything but unset, `development` or `test` makes the worker require `ORCHESTRATOR_ID_SECRET`',
  }),
  databaseUrl: defineEnvVariable({
    name: 'DATABASE_URL',
    schema: postgresUrl,
    default: 'unset (SQLite files)',
    meaning:
      'Every store in one PostgreSQL database, shared by every process on every host: the orchestrator store, the outbox ledger (unless `OUTBOX_DATABASE_URL`), the thread index, suppliers, purchase orders, the support desk, the knowledge-base articles and the inbox’s sessions and used links; the `*_DB_PATH` files and `INBOX_DATA_DIR` are then unused. Any other value is refused',
  }),
  orchestratorDbPath: defineEnvVariable({
    name: 'ORCHESTRATOR_DB_PATH',
    schema: envSchemas.text('a file path'),
    default: `\`${DEFAULT_ORCHESTRATOR_DB_PATH}\``,
    meaning: 'SQLite file of the orchestrator store (handled messages, auto-reply counts); its folder is the data folder `<data>`',
  }),
  threadIndexDbPath: defineEnvVariable({
    name: 'THREAD_INDEX_DB_PATH',
    schema: envSchemas.text('a file path'),
    default: '`ORCHESTRATOR_DB_PATH`’s file',
    meaning:
      'SQLite file of the thread index: every Message-ID the worker sends is recorded there with its thread (before it is sent), and the ingress places replies that name only one of them (`In-Reply-To` without `References`) in its thread. **The worker and the ingress of a host must open the same file** (their defaults agree). One host; with `DATABASE_URL` the index is in PostgreSQL, shared by every host',
  }),
  blobStoreUrl: defineEnvVariable({
    name: 'BLOB_STORE_URL',
    schema: blobStoreUrl,
    default: `\`${DEFAULT_BLOB_STORE_URL}\``,
    meaning: 'Where email bodies and attachments too big for Temporal go: the ingress writes, the worker reads, so both must name the same store',
  }),
  s3Endpoint: defineEnvVariable({
    name: 'S3_ENDPOINT',
    schema: envSchemas.text('an http(s) URL'),
    default: 'unset (AWS)',
    meaning: 'For `s3://`: an S3-compatible server (MinIO, moto, …), addressed path-style',
  }),
  awsRegion: defineEnvVariable({
    name: 'AWS_REGION',
    schema: envSchemas.text('a region'),
    default: '`us-east-1`',
    meaning: 'For `s3://`: the bucket’s region',
  }),
  awsAccessKeyId: defineEnvVariable({
    name: 'AWS_ACCESS_KEY_ID',
    schema: envSchemas.text('an access key id'),
    default: 'unset (the AWS SDK’s default credential chain)',
    meaning: 'For `s3://`: static credentials, used only together with `AWS_SECRET_ACCESS_KEY`',
  }),
  awsSecretAccessKey: defineEnvVariable({
    name: 'AWS_SECRET_ACCESS_KEY',
    schema: envSchemas.text('a secret access key'),
    default: 'unset',
    meaning: 'For `s3://`: the secret of `AWS_ACCESS_KEY_ID`',
  }),
  awsSessionToken: defineEnvVariable({
    name: 'AWS_SESSION_TOKEN',
    schema: envSchemas.text('a session token'),
    default: 'unset',
    meaning: 'For `s3://`: the session token of temporary static credentials',
  }),
  metricsPort: defineEnvVariable({
    name: 'METRICS_PORT',
    schema: envSchemas.integer(0, 65_535),
    default: 'unset (no ops server)',
    meaning:
      'One port per process with `GET /healthz` (alive), `GET /readyz` (200 while taking work, 503 before and while draining) and `GET /metrics` (Prometheus: the `orchestrator_*` counters, and on the worker the Temporal runtime’s `temporal_*`)',
  }),
  metricsHost: defineEnvVariable({
    name: 'METRICS_HOST',
    schema: envSchemas.text('a host name or IP address'),
    default: '`127.0.0.1`',
    meaning: 'Bind address of the ops port; `0.0.0.0` where the platform probes from outside',
  }),
  logLevel: defineEnvVariable({
    name: 'LOG_LEVEL',
    schema: envSchemas.oneOf(LOG_LEVELS),
    default: '`info`',
    meaning: 'JSON log (pino) on stdout, one object a line, of the ingress and the inbox (the worker’s is `WORKER_LOG_LEVEL`)',
  }),
  inboxBaseUrl: defineEnvVariable({
    name: 'INBOX_BASE_URL',
    schema: envSchemas.text('an absolute http(s) URL'),
    default: 'unset',
    meaning:
      'Public URL of the task inbox, used in mailed links. The inbox: `https://…` makes every cookie `Secure` (unset: `http://<host>:<port>`). The worker (the same value): approval, reminder and escalation emails carry signed one-click approve/reject links `<INBOX_BASE_URL>/links/<token>` and link the thread’s page (unset: command-line instructions only)',
  }),
  inboxSecret: defineEnvVariable({
    name: 'INBOX_SECRET',
    schema: envSchemas.text('at least 32 bytes, e.g. `openssl rand -hex 32`'),
    default: 'random per process in development (inbox)',
    meaning:
      'Signs the inbox’s session and CSRF cookies, sign-in links and decision links; **required** by the inbox with `NODE_ENV=production`, and by the worker with `INBOX_BASE_URL`. The same value in both',
  }),
} as const;

/** Where blobs are, as `@org/orchestrator-blob-store`'s `blobStoreFromUrl` takes it. */
export interface BlobStoreSettings {
  /** A path, `file:///dir` or `s3://bucket/prefix`. */
  url: string;
  s3: { endpoint?: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
}

/**
 * `BLOB_STORE_URL` (default {@link DEFAULT_BLOB_STORE_URL}) and, for `s3://`, `S3_ENDPOINT`,
 * `AWS_REGION`, `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` (static
 * credentials only when both key id and secret are set, else the SDK's default chain).
 * @example
 * const blobs = blobStoreFromUrl(...Object.values(blobStoreSettingsFromEnv(process.env)));
 */
export function blobStoreSettingsFromEnv(env: EnvSource, errorClass: EnvErrorFactory = EnvVariableError): BlobStoreSettings {
  const read = (spec: EnvVariableSpec<string>) => readEnvVariable(env, spec, errorClass);
  const accessKeyId = read(SHARED_ENV.awsAccessKeyId);
  const secretAccessKey = read(SHARED_ENV.awsSecretAccessKey);
  const sessionToken = read(SHARED_ENV.awsSessionToken);
  const endpoint = read(SHARED_ENV.s3Endpoint);
  const region = read(SHARED_ENV.awsRegion);
  return {
    url: read(SHARED_ENV.blobStoreUrl) ?? DEFAULT_BLOB_STORE_URL,
    s3: {
      ...(endpoint ? { endpoint } : {}),
      ...(region ? { region } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
    },
  };
}

/** `DATABASE_URL` when set: a PostgreSQL URL, else an error naming the variable. */
export function databaseUrlFromEnv(env: EnvSource, errorClass: EnvErrorFactory = EnvVariableError): string | undefined {
  return readEnvVariable(env, SHARED_ENV.databaseUrl, errorClass);
}
