import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { THREAD_INDEX_SCHEMA, openPostgresThreadIndex } from '@org/orchestrator-email/postgres';
import { migratePostgres } from '@org/orchestrator-postgres';
import type { PgCluster } from '@org/orchestrator-testing';
import { createLocalTestEnv, freePort, startPgCluster } from '@org/orchestrator-testing';
import { dialog, run } from './run-ingress';

/** A plain message of a customer, as SMTP DATA (headers, body, the closing dot). */
const message = (id: string, inReplyTo: string) =>
  `From: Ann <ann@acme.example>\r\nTo: hello@orders.example.com\r\nSubject: Re: Lunch on Friday?\r\nMessage-ID: ${id}\r\nIn-Reply-To: ${inReplyTo}\r\n\r\nFriday works!\r\n.`;

// The ingress app with DATABASE_URL: its thread index is the PostgreSQL one the workers of every host write.
describe('orchestrator-ingress (main) on PostgreSQL', () => {
  let env: TestWorkflowEnvironment;
  let cluster: PgCluster;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    [env, cluster] = await Promise.all([createLocalTestEnv(), startPgCluster()]);
    url = await cluster.createDatabase('ingress');
    await migratePostgres(url, [THREAD_INDEX_SCHEMA]);
    dir = mkdtempSync(join(tmpdir(), 'ingress-pg-'));
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('places a reply naming only a message another host sent, and records the replies for every host', async () => {
    // A worker on another host sent our answer in thread <root-1@acme.example> and recorded it.
    const workerHost = openPostgresThreadIndex(url);
    await workerHost.record({ messageId: '<answer-1@orchestrator.local>', threadId: '<root-1@acme.example>', direction: 'outbound' }, new Date());
    const port = await freePort();
    // acme.example allows 127.0.0.1 by SPF, so Ann's unsigned mail passes DMARC without real DNS.
    const dnsFile = join(dir, 'dns.json');
    writeFileSync(dnsFile, JSON.stringify({ TXT: { 'acme.example': ['v=spf1 ip4:127.0.0.1 -all'], '_dmarc.acme.example': ['v=DMARC1; p=reject'] } }));
    const replies: string[] = [];
    const { code, stdout, stderr } = await run(
      {
        TEMPORAL_ADDRESS: env.address,
        DATABASE_URL: url,
        INGRESS_DOMAINS: 'orders.example.com',
        SMTP_INGRESS_PORT: String(port),
        INGRESS_DNS_OVERRIDES: dnsFile,
        BLOB_STORE_URL: join(dir, 'blobs'),
        QUARANTINE_DIR: join(dir, 'quarantine'),
        // Named to show it stays unused: with DATABASE_URL the index is PostgreSQL's.
        THREAD_INDEX_DB_PATH: join(dir, 'orchestrator.sqlite'),
      },
      (_stdout, kill) => {
        void dialog(port, [
          'EHLO client.test',
          'MAIL FROM:<ann@acme.example>',
          'RCPT TO:<hello@orders.example.com>',
          'DATA',
          message('<reply-1@acme.example>', '<answer-1@orchestrator.local>'),
          // A colleague answers the customer's reply only: the ingress recorded it, so it finds the thread too.
          'MAIL FROM:<ann@acme.example>',
          'RCPT TO:<hello@orders.example.com>',
          'DATA',
          message('<reply-2@acme.example>', '<reply-1@acme.example>'),
          'QUIT',
        ])
          .then(
            (r) => replies.push(...r),
            (e: Error) => replies.push(e.message),
          )
          .finally(kill);
      },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(replies.filter((r) => r.startsWith('250 2.6.0'))).toEqual([
      '250 2.6.0 OK: <reply-1@acme.example> delivered to thread <root-1@acme.example>',
      '250 2.6.0 OK: <reply-2@acme.example> delivered to thread <root-1@acme.example>',
    ]);
    expect(stdout).toContain('"threadIndex":"DATABASE_URL"');
    // Both messages reached the original thread's workflow; none started a thread of its own.
    const handle = env.client.workflow.getHandle(threadWorkflowId('<root-1@acme.example>'));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await expect(env.client.workflow.getHandle(threadWorkflowId('<answer-1@orchestrator.local>')).describe()).rejects.toThrow(/not found/i);
    // The index in PostgreSQL has them, for the ingress and workers of every host; no SQLite file was made.
    await expect(workerHost.threadsOf(['<reply-1@acme.example>', '<reply-2@acme.example>'])).resolves.toEqual(
      new Map([
        ['<reply-1@acme.example>', '<root-1@acme.example>'],
        ['<reply-2@acme.example>', '<root-1@acme.example>'],
      ]),
    );
    expect(existsSync(join(dir, 'orchestrator.sqlite'))).toBe(false);
    await workerHost.close();
  }, 90_000);
});
