import { connectionOptions } from '@org/orchestrator-contracts/client';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FlowConfigError, IdSecretError, loadIdSecret } from '@org/orchestrator-activities';
import { installedFlowConfig } from '@org/orchestrator-installed-flows';
import { TemporalConfigError } from '@org/orchestrator-contracts/client';
import { workerConfigFromEnv } from '../config';

const SECRET = 'f'.repeat(64);

describe(workerConfigFromEnv, () => {
  it('defaults to the local dev server and workflow sources', () => {
    const config = workerConfigFromEnv({}, '/app/dist/workflow-bundle.js');
    expect(config.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'agent-orchestrator' });
    expect(config.workflowSource).toEqual({ kind: 'sources' });
    expect(config.logLevel).toBe('INFO');
    expect(config.connectTimeoutMs).toBe(60_000);
    expect(config.shutdownGraceTimeMs).toBe(10_000);
    expect(workerConfigFromEnv({ WORKER_SHUTDOWN_GRACE_TIME: '1.5m' }, '/b.js').shutdownGraceTimeMs).toBe(90_000);
    expect(workerConfigFromEnv({ WORKER_CONNECT_TIMEOUT: '5m' }, '/b.js').connectTimeoutMs).toBe(300_000);
    // The sticky cache: the SDK sizes it from the heap limit unless told.
    expect(config).not.toHaveProperty('maxCachedWorkflows');
    expect(workerConfigFromEnv({ WORKER_MAX_CACHED_WORKFLOWS: '500' }, '/b.js').maxCachedWorkflows).toBe(500);
    expect(workerConfigFromEnv({ WORKER_MAX_CACHED_WORKFLOWS: '0' }, '/b.js').maxCachedWorkflows).toBe(0);
  });

  it('uses the prebuilt bundle in production, and TLS with an API key', () => {
    const config = workerConfigFromEnv(
      {
        NODE_ENV: 'production',
        TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233',
        TEMPORAL_API_KEY: 'k',
        TEMPORAL_TASK_QUEUE: 'q',
        ORCHESTRATOR_ID_SECRET: SECRET,
      },
      '/app/dist/workflow-bundle.js',
    );
    expect(config.workflowSource).toEqual({ kind: 'bundle', bundlePath: '/app/dist/workflow-bundle.js' });
    expect(config.temporal).toMatchObject({ profile: { apiKey: 'k' }, taskQueue: 'q' });
    expect(connectionOptions(config.temporal)).toEqual({ address: 'ns.a1b2c.tmprl.cloud:7233', apiKey: 'k', tls: {} });
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'no-port' }, 'TEMPORAL_ADDRESS'],
    [{ WORKER_MAX_CONCURRENT_ACTIVITIES: '0' }, 'WORKER_MAX_CONCURRENT_ACTIVITIES'],
    [{ WORKER_MAX_CACHED_WORKFLOWS: '-1' }, 'WORKER_MAX_CACHED_WORKFLOWS'],
    [{ WORKER_MAX_CACHED_WORKFLOWS: '1e3' }, 'WORKER_MAX_CACHED_WORKFLOWS'],
    [{ WORKER_LOG_LEVEL: 'LOUD' }, 'WORKER_LOG_LEVEL'],
    [{ WORKER_CONNECT_TIMEOUT: '60' }, 'WORKER_CONNECT_TIMEOUT'],
    [{ TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem' }, 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ WORKER_DEPLOYMENT_NAME: 'orchestrator-production' }, 'WORKER_BUILD_ID'],
    [{ WORKER_BUILD_ID: '1.4.0' }, 'WORKER_DEPLOYMENT_NAME'],
    [{ WORKER_SHUTDOWN_GRACE_TIME: '10 seconds' }, 'WORKER_SHUTDOWN_GRACE_TIME'],
    [{ ESCALATION_ADDRESS: 'team' }, 'ESCALATION_ADDRESS'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => workerConfigFromEnv(env, '/b.js')).toThrow(TemporalConfigError);
    expect(() => workerConfigFromEnv(env, '/b.js')).toThrow(variable);
  });

  it('reads the ops port and the Worker Deployment version', () => {
    const config = workerConfigFromEnv({ METRICS_PORT: '9464', WORKER_DEPLOYMENT_NAME: 'orchestrator-production', WORKER_BUILD_ID: '1.4.0' }, '/b.js');
    expect(config.ops).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(config.deployment).toEqual({ deploymentName: 'orchestrator-production', buildId: '1.4.0' });
    expect(workerConfigFromEnv({}, '/b.js')).not.toHaveProperty('deployment');
  });

  it('leaves the installed flows’ stores to them (PROCUREMENT_DB_PATH, SUPPORT_DB_PATH: see their FlowModules)', () => {
    const config = workerConfigFromEnv({ ORCHESTRATOR_DB_PATH: '/var/lib/orchestrator/main.sqlite', PROCUREMENT_DB_PATH: 'po.sqlite' }, '/b.js');
    expect(config).toMatchObject({ databasePath: '/var/lib/orchestrator/main.sqlite', flows: installedFlowConfig() });
    expect(JSON.stringify(config)).not.toContain('po.sqlite');
  });

  it('records sent Message-IDs in the orchestrator store’s file unless THREAD_INDEX_DB_PATH names another', () => {
    expect(workerConfigFromEnv({ ORCHESTRATOR_DB_PATH: '/var/lib/orchestrator/main.sqlite' }, '/b.js').threadIndexPath).toBe(
      '/var/lib/orchestrator/main.sqlite',
    );
    expect(workerConfigFromEnv({}, '/b.js').threadIndexPath).toBe(resolve('.data/orchestrator.sqlite'));
    expect(workerConfigFromEnv({ THREAD_INDEX_DB_PATH: ' /srv/mail/threads.sqlite ' }, '/b.js').threadIndexPath).toBe('/srv/mail/threads.sqlite');
  });

  it('puts every store in PostgreSQL with DATABASE_URL, migrating at start unless told not to', () => {
    expect(workerConfigFromEnv({}, '/b.js').database).toEqual({ kind: 'sqlite' });
    expect(workerConfigFromEnv({ DATABASE_URL: ' postgres://u:p@db:5432/orchestrator ' }, '/b.js').database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/orchestrator',
      migrateAtStart: true,
    });
    expect(workerConfigFromEnv({ DATABASE_URL: 'postgresql://db/o', DATABASE_MIGRATE: 'OFF' }, '/b.js').database).toMatchObject({ migrateAtStart: false });
    expect(() => workerConfigFromEnv({ DATABASE_URL: '.data/orchestrator.sqlite' }, '/b.js')).toThrow(/DATABASE_URL.*must be a PostgreSQL URL/);
    expect(() => workerConfigFromEnv({ DATABASE_URL: 'mysql://db/o' }, '/b.js')).toThrow(TemporalConfigError);
    expect(() => workerConfigFromEnv({ DATABASE_URL: 'postgres://db/o', DATABASE_MIGRATE: 'later' }, '/b.js')).toThrow(
      'DATABASE_MIGRATE must be one of start, off, got "later"',
    );
  });

  it('reads the flow policy, refusing a bad value by name', () => {
    expect(workerConfigFromEnv({ PROCUREMENT_AUTO_APPROVE_BELOW: '500' }, '/b.js').flows.procurement.approval.autoApproveBelow).toBe(500);
    expect(() => workerConfigFromEnv({ SUPPORT_CLOSE_AFTER: 'tomorrow' }, '/b.js')).toThrow(FlowConfigError);
    expect(() => workerConfigFromEnv({ SUPPORT_CLOSE_AFTER: 'tomorrow' }, '/b.js')).toThrow('SUPPORT_CLOSE_AFTER');
  });

  it('sends from the configured mailboxes, REPLY_FROM as their fallback', () => {
    const { mailboxes } = workerConfigFromEnv({ PROCUREMENT_MAILBOX: 'Buying <buy@acme.example>', REPLY_FROM: 'hello@acme.example' }, '/b.js').flows;
    expect(mailboxes).toEqual({
      procurement: { address: 'buy@acme.example', name: 'Buying' },
      support: { address: 'hello@acme.example' },
      orchestrator: { address: 'hello@acme.example' },
    });
    expect(() => workerConfigFromEnv({ SUPPORT_MAILBOX: 'not an address' }, '/b.js')).toThrow('SUPPORT_MAILBOX');
  });

  it('refuses production without ORCHESTRATOR_ID_SECRET, or with a short one, by a typed error', () => {
    const production = { NODE_ENV: 'production' };
    expect(() => workerConfigFromEnv(production, '/b.js')).toThrow(IdSecretError);
    expect(() => workerConfigFromEnv(production, '/b.js')).toThrow(expect.objectContaining({ code: 'ID_SECRET_MISSING', variable: 'ORCHESTRATOR_ID_SECRET' }));
    expect(() => workerConfigFromEnv({ ...production, ORCHESTRATOR_ID_SECRET: 'short' }, '/b.js')).toThrow(
      expect.objectContaining({ code: 'ID_SECRET_TOO_SHORT' }),
    );
    expect(workerConfigFromEnv({ ...production, ORCHESTRATOR_ID_SECRET: SECRET }, '/b.js').idSecret).toEqual({ kind: 'env', secret: Buffer.from(SECRET) });
  });

  it('in development, generates the secret once under the data folder (mode 0600) and reuses it', () => {
    const data = mkdtempSync(join(tmpdir(), 'worker-ids-'));
    try {
      const { idSecret } = workerConfigFromEnv({ ORCHESTRATOR_DB_PATH: join(data, 'orchestrator.sqlite') }, '/b.js');
      expect(idSecret).toEqual({ kind: 'file', path: join(data, 'id-secret') });
      const first = loadIdSecret(idSecret);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(data, 'id-secret')).mode & 0o777).toBe(0o600);
      expect(Buffer.from(loadIdSecret(idSecret)).equals(Buffer.from(first))).toBe(true);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});

describe('the worker process', () => {
  it('refuses to start in production without ORCHESTRATOR_ID_SECRET, before connecting anywhere', async () => {
    const data = mkdtempSync(join(tmpdir(), 'worker-start-'));
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      ORCHESTRATOR_ID_SECRET: '',
      ORCHESTRATOR_DB_PATH: join(data, 'o.sqlite'),
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    };
    const tsx = require.resolve('tsx/cli');
    try {
      const run = promisify(execFile)(process.execPath, [tsx, '--conditions=@org/source', join(__dirname, '..', 'main.ts')], { env, timeout: 60_000 });
      await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('ORCHESTRATOR_ID_SECRET is required when NODE_ENV=production') });
      expect(existsSync(join(data, 'id-secret'))).toBe(false);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 90_000);
});
