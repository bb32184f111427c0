import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';
import { envMailboxSchema } from '@org/orchestrator-activities';

/** The worker's log levels (`WORKER_LOG_LEVEL`), the Temporal runtime's. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the worker migrates a PostgreSQL `DATABASE_URL` (`DATABASE_MIGRATE`). */
export const DATABASE_MIGRATE_MODES = ['start', 'off'] as const;

/**
 * The worker's own variables, declared once: read by `workerConfigFromEnv`, tabled in the README.
 * The variables it shares with other processes are `SHARED_ENV`'s (contracts); the flows', stores',
 * outbound mail's and agents' are declared in their packages.
 */
export const WORKER_ENV = {
  databaseMigrate: defineEnvVariable({
    name: 'DATABASE_MIGRATE',
    schema: envSchemas.oneOf(DATABASE_MIGRATE_MODES),
    default: '`start`',
    meaning:
      'With `DATABASE_URL`: `start` applies pending schema migrations at start (advisory lock: many workers starting at once migrate once); `off` leaves it to `orchestrator migrate`',
  }),
  workflowBundlePath: defineEnvVariable({
    name: 'WORKFLOW_BUNDLE_PATH',
    schema: envSchemas.text('a file path'),
    default: '`dist/workflow-bundle.js` with `NODE_ENV=production`, else the workflow sources',
    meaning: 'The prebuilt workflow bundle; with tracing on, `dist/workflow-bundle.traced.js` (the tracing interceptors cost each open thread about 1.6 MB)',
  }),
  maxConcurrentActivities: defineEnvVariable({
    name: 'WORKER_MAX_CONCURRENT_ACTIVITIES',
    schema: envSchemas.integer(1),
    default: '`50`',
    meaning: 'Activities one worker runs at once',
  }),
  maxCachedWorkflows: defineEnvVariable({
    name: 'WORKER_MAX_CACHED_WORKFLOWS',
    schema: envSchemas.integer(0),
    default: 'the SDK’s: about 600 per GiB of the heap limit above 200 MiB (2,395 with a 4 GiB heap)',
    meaning:
      'Open threads one worker keeps in memory (sticky cache); an evicted thread replays its history on its next message. Each costs about 2.1 MB of RSS (`npm run bench`), so set it for the container’s memory; `0` caches none',
  }),
  shutdownGraceTime: defineEnvVariable({
    name: 'WORKER_SHUTDOWN_GRACE_TIME',
    schema: envSchemas.duration,
    default: '`10s`',
    meaning: 'On SIGINT/SIGTERM, how long running activities may finish before they are cancelled',
  }),
  connectTimeout: defineEnvVariable({
    name: 'WORKER_CONNECT_TIMEOUT',
    schema: envSchemas.duration,
    default: '`60s`',
    meaning: 'At start, how long the worker waits for Temporal while it is unreachable (each failed attempt is logged), then exits with the error',
  }),
  logLevel: defineEnvVariable({
    name: 'WORKER_LOG_LEVEL',
    schema: envSchemas.oneOf(LOG_LEVELS),
    default: '`INFO`',
    meaning: 'JSON lines on stdout (pino), the Temporal runtime’s own messages (SDK core, workflow and activity `log` calls) forwarded into the same stream',
  }),
  deploymentName: defineEnvVariable({
    name: 'WORKER_DEPLOYMENT_NAME',
    schema: envSchemas.text('a name, e.g. `orchestrator-production`'),
    default: 'unset (unversioned)',
    meaning: 'Worker Deployment versioning, with `WORKER_BUILD_ID` (both or neither): the worker polls as that deployment’s version',
  }),
  buildId: defineEnvVariable({
    name: 'WORKER_BUILD_ID',
    schema: envSchemas.text('the release, e.g. `1.4.0` or a commit'),
    default: 'unset (unversioned)',
    meaning: 'The version’s build id, with `WORKER_DEPLOYMENT_NAME`',
  }),
  escalationAddress: defineEnvVariable({
    name: 'ESCALATION_ADDRESS',
    schema: envMailboxSchema('Support <help@example.com>'),
    default: 'unset',
    meaning: 'Team mailbox for escalations (held requests, steps that failed for good); unset, they stay in the thread state, search attributes and logs',
  }),
} as const;

/** The codec server's variables (`orchestrator-codec-server`), declared once: read by `codecServerConfigFromEnv`, tabled in the README. */
export const CODEC_SERVER_ENV = {
  host: defineEnvVariable({
    name: 'CODEC_SERVER_HOST',
    schema: envSchemas.text('a host name or IP address'),
    default: '`127.0.0.1`',
    meaning: 'Bind address; anything but loopback needs `CODEC_SERVER_TOKEN`',
  }),
  port: defineEnvVariable({ name: 'CODEC_SERVER_PORT', schema: envSchemas.integer(0, 65_535), default: '`8888`', meaning: 'Port' }),
  corsOrigins: defineEnvVariable({
    name: 'CODEC_SERVER_CORS_ORIGINS',
    schema: envSchemas.list,
    default: '`http://localhost:8233,http://127.0.0.1:8233`',
    meaning: 'The Web UI origins answered with CORS headers (`https://temporal.example.com`, no path)',
  }),
  token: defineEnvVariable({
    name: 'CODEC_SERVER_TOKEN',
    schema: envSchemas.text('at least 16 characters'),
    default: 'unset',
    meaning:
      'Bearer token every request must carry (`Authorization: Bearer <token>`; the UI sends it with `codec.passAccessToken`); required unless the server listens on loopback, since whoever reaches it reads every payload',
  }),
} as const;
