import { Writable } from 'node:stream';
import { OrchestratorMetrics } from '../metrics';
import { createJsonLogger, runtimeLoggerFor } from '../logger';
import { fetchPrometheusText, startOpsServer } from '../ops-server';
import type { OpsServer } from '../ops-server';

describe('startOpsServer', () => {
  let ops: OpsServer;
  let ready = false;
  const metrics = new OrchestratorMetrics();
  beforeAll(async () => {
    ops = await startOpsServer({ port: 0, ready: () => ready, healthy: () => true, metrics: () => metrics.text() });
  });
  afterAll(() => ops.close());
  const get = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${ops.port}${path}`, { method });

  it('answers liveness always and readiness only once ready', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(503);
    ready = true;
    expect(await (await get('/readyz')).json()).toEqual({ status: 'ok' });
  });

  it('serves the business metrics in Prometheus text', async () => {
    metrics.emailsSent.inc({ kind: 'reply' });
    metrics.agentTokens.inc({ provider: 'rules', model: 'rules-v1', direction: 'input' }, 42);
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('orchestrator_emails_sent_total{kind="reply"} 1');
    expect(text).toContain('orchestrator_agent_tokens_total{provider="rules",model="rules-v1",direction="input"} 42');
  });

  it('refuses other paths and methods', async () => {
    expect((await get('/admin')).status).toBe(404);
    expect((await get('/metrics', 'POST')).status).toBe(405);
  });

  it('reports a failing probe as not ready rather than crashing', async () => {
    const failing = await startOpsServer({ port: 0, ready: () => Promise.reject(new Error('boom')), metrics: async () => '' });
    try {
      expect((await fetch(`http://127.0.0.1:${failing.port}/readyz`)).status).toBe(503);
    } finally {
      await failing.close();
    }
  });

  it('includes another exporter, or says why it could not', async () => {
    expect(await fetchPrometheusText(`http://127.0.0.1:${ops.port}/metrics`)).toContain('orchestrator_emails_sent_total');
    expect(await fetchPrometheusText('http://127.0.0.1:1/metrics', 500)).toMatch(/^# http:\/\/127\.0\.0\.1:1\/metrics unreachable/);
  });
});

describe('runtimeLoggerFor', () => {
  it('writes the runtime log as JSON lines with level labels and the error serialized', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createJsonLogger({ name: 'worker', level: 'debug', destination });
    const runtime = runtimeLoggerFor(log);
    runtime.warn('Activity failed', { activityType: 'sendReply', error: new Error('SMTP down') });
    runtime.log('DEBUG', 'polling');
    runtime.trace('too fine');
    const [warn, debug] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(warn).toMatchObject({
      level: 'warn',
      name: 'worker',
      msg: 'Activity failed',
      activityType: 'sendReply',
      err: { message: 'SMTP down', type: 'Error' },
    });
    expect(typeof warn?.['time']).toBe('string');
    expect(debug).toMatchObject({ level: 'debug', msg: 'polling' });
  });
});
