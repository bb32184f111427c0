import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import { freePort } from '@org/orchestrator-testing';
import { dialog, run } from './run-ingress';

describe('orchestrator-ingress (main)', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  beforeAll(async () => {
    env = await createLocalTestEnv();
    dir = mkdtempSync(join(tmpdir(), 'ingress-app-'));
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 naming the missing setting when neither SMTP nor IMAP is configured', async () => {
    const { code, stderr } = await run({ TEMPORAL_ADDRESS: env.address });
    expect(code).toBe(1);
    // One configuration error for every package (`IngressConfigError` is `EnvVariableError`).
    expect(stderr).toMatch(/EnvVariableError.*INGRESS_DOMAINS or IMAP_URL must be set/);
  }, 60_000);

  it('starts the SMTP server from the environment and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { code, stdout } = await run(
      {
        TEMPORAL_ADDRESS: env.address,
        INGRESS_DOMAINS: 'orders.example.com',
        SMTP_INGRESS_PORT: String(port),
        BLOB_STORE_URL: join(dir, 'blobs'),
        QUARANTINE_DIR: join(dir, 'quarantine'),
        THREAD_INDEX_DB_PATH: join(dir, 'orchestrator.sqlite'),
      },
      (_stdout, kill) => kill(),
    );
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(['smtp.listening', 'ingress.ready', 'ingress.stopping', 'smtp.closed', 'ingress.stopped']);
    expect(stdout).toContain(`"port":${port}`);
  }, 60_000);

  it('authenticates senders with INGRESS_DNS_OVERRIDES and relay settings, and applies the recipient limit', async () => {
    const port = await freePort();
    const dnsFile = join(dir, 'dns.json');
    // demo.example allows 127.0.0.1 by SPF: an unsigned message from it passes DMARC by SPF alignment.
    writeFileSync(dnsFile, JSON.stringify({ TXT: { 'demo.example': ['v=spf1 ip4:127.0.0.1 -all'], '_dmarc.demo.example': ['v=DMARC1; p=reject'] } }));
    const replies: string[] = [];
    const metricsPort = await freePort();
    const ops: { ready?: number; metrics?: string } = {};
    const { code, stdout } = await run(
      {
        TEMPORAL_ADDRESS: env.address,
        INGRESS_DOMAINS: 'orders.example.com',
        SMTP_INGRESS_PORT: String(port),
        METRICS_PORT: String(metricsPort),
        SMTP_INGRESS_MAX_RECIPIENTS: '2',
        SMTP_INGRESS_AUTH_USERS: 'postfix:relay-secret',
        SMTP_INGRESS_AUTH_ALLOW_INSECURE: 'true',
        SMTP_INGRESS_RELAY_DOMAINS: 'corp.example',
        INGRESS_DNS_OVERRIDES: dnsFile,
        BLOB_STORE_URL: join(dir, 'blobs'),
        QUARANTINE_DIR: join(dir, 'quarantine'),
        THREAD_INDEX_DB_PATH: join(dir, 'orchestrator.sqlite'),
      },
      (_stdout, kill) => {
        const plain = Buffer.from('\0postfix\0relay-secret').toString('base64');
        const message = (from: string, id: string) =>
          `From: ${from}\r\nTo: purchasing@orders.example.com\r\nSubject: Chairs\r\nMessage-ID: <${id}>\r\n\r\nWe need 12 chairs.\r\n.`;
        void dialog(port, [
          'EHLO client.test',
          'MAIL FROM:<maria@demo.example>',
          'RCPT TO:<purchasing@orders.example.com>',
          'DATA',
          message('maria@demo.example', 'app-spf@demo.example'),
          `AUTH PLAIN ${plain}`,
          'MAIL FROM:<buyer@corp.example>',
          'RCPT TO:<a@orders.example.com>',
          'RCPT TO:<b@orders.example.com>',
          'RCPT TO:<c@orders.example.com>',
          'DATA',
          message('buyer@corp.example', 'app-relay@corp.example'),
          'QUIT',
        ])
          .then(
            (r) => replies.push(...r),
            (e: Error) => replies.push(e.message),
          )
          .then(async () => {
            ops.ready = (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status;
            ops.metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
          })
          .finally(kill);
      },
    );
    expect(code).toBe(0);
    // The ops port: ready while taking mail, and both accepted messages counted.
    expect(ops.ready).toBe(200);
    expect(ops.metrics).toMatch(/^orchestrator_emails_accepted_total\{source="smtp"\} 2$/m);
    expect(replies.map((r) => r.slice(0, 3))).toEqual(['220', '250', '250', '250', '354', '250', '235', '250', '250', '250', '452', '354', '250', '221']);
    const authenticated = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((e) => e['event'] === 'ingress.authenticated');
    expect(authenticated).toEqual([
      expect.objectContaining({ messageId: '<app-spf@demo.example>', spf: 'pass', dmarc: 'pass', alignedDomain: 'demo.example' }),
      expect.objectContaining({ messageId: '<app-relay@corp.example>', relay: 'smtp-auth:postfix', alignedDomain: 'corp.example' }),
    ]);
  }, 60_000);
});
