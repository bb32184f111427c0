import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_FLOW_CONFIG, FlowConfigError } from '@org/orchestrator-activities';
import { TemporalConfigError } from '@org/orchestrator-contracts/client';
import { bundledKnowledgeBaseDir, workerConfigFromEnv } from './config';

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

  it('keeps the flow stores next to the orchestrator store and finds the bundled knowledge base', () => {
    const config = workerConfigFromEnv({ ORCHESTRATOR_DB_PATH: '/var/lib/orchestrator/main.sqlite' }, '/b.js');
    expect(config).toMatchObject({
      procurementDatabasePath: '/var/lib/orchestrator/procurement.sqlite',
      supportDatabasePath: '/var/lib/orchestrator/support.sqlite',
      knowledgeIndexPath: '/var/lib/orchestrator/knowledge-index.sqlite',
      knowledgeBaseDir: bundledKnowledgeBaseDir(),
      flows: DEFAULT_FLOW_CONFIG,
    });
    expect(existsSync(join(bundledKnowledgeBaseDir(), 'returns-policy.md'))).toBe(true);
    const custom = workerConfigFromEnv({ KNOWLEDGE_BASE_DIR: 'kb', SUPPORT_DB_PATH: 'desk.sqlite', PROCUREMENT_DB_PATH: 'po.sqlite' }, '/b.js');
    expect(custom).toMatchObject({ knowledgeBaseDir: resolve('kb'), supportDatabasePath: resolve('desk.sqlite'), procurementDatabasePath: resolve('po.sqlite') });
  });

  it('reads the flow policy, refusing a bad value by name', () => {
    expect(workerConfigFromEnv({ PROCUREMENT_AUTO_APPROVE_BELOW: '500' }, '/b.js').flows.procurement.approval.autoApproveBelow).toBe(500);
    expect(() => workerConfigFromEnv({ SUPPORT_CLOSE_AFTER: 'tomorrow' }, '/b.js')).toThrow(FlowConfigError);
    expect(() => workerConfigFromEnv({ SUPPORT_CLOSE_AFTER: 'tomorrow' }, '/b.js')).toThrow('SUPPORT_CLOSE_AFTER');
  });
});
