import { TemporalConfigError } from '@org/orchestrator-contracts/client';
import { workerConfigFromEnv } from './config';

describe(workerConfigFromEnv, () => {
  it('defaults to the local dev server and workflow sources', () => {
    const config = workerConfigFromEnv({}, '/app/dist/workflow-bundle.js');
    expect(config.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', taskQueue: 'agent-orchestrator', tls: undefined });
    expect(config.workflowSource).toEqual({ kind: 'sources' });
    expect(config.logLevel).toBe('INFO');
  });

  it('uses the prebuilt bundle in production, and TLS with an API key', () => {
    const config = workerConfigFromEnv(
      { NODE_ENV: 'production', TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k', TEMPORAL_TASK_QUEUE: 'q' },
      '/app/dist/workflow-bundle.js',
    );
    expect(config.workflowSource).toEqual({ kind: 'bundle', bundlePath: '/app/dist/workflow-bundle.js' });
    expect(config.temporal).toMatchObject({ apiKey: 'k', taskQueue: 'q', tls: {} });
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'no-port' }, 'TEMPORAL_ADDRESS'],
    [{ WORKER_MAX_CONCURRENT_ACTIVITIES: '0' }, 'WORKER_MAX_CONCURRENT_ACTIVITIES'],
    [{ WORKER_LOG_LEVEL: 'LOUD' }, 'WORKER_LOG_LEVEL'],
    [{ TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem' }, 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => workerConfigFromEnv(env, '/b.js')).toThrow(TemporalConfigError);
    expect(() => workerConfigFromEnv(env, '/b.js')).toThrow(variable);
  });
});
