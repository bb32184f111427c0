import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { DevServerHandle } from '@org/temporal-toolchain';
import { startDevServer } from '@org/temporal-toolchain';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { createThreadClient, deliverEmail, encryptedDataConverterFromEnv, getThreadState, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';
import { freePort } from '@org/orchestrator-testing';
import type { WatchedProcess } from './worker-processes';
import { stopProcess, watchProcess, workspaceRoot } from './worker-processes';

const run = promisify(execFile);
const workerMain = join(workspaceRoot, 'apps', 'worker', 'dist', 'main.js');
const starterMain = join(workspaceRoot, 'apps', 'starter', 'dist', 'main.js');
const codecServerMain = join(workspaceRoot, 'apps', 'worker', 'dist', 'codec-server.js');
const replayMain = join(workspaceRoot, 'apps', 'worker', 'dist', 'replay.js');

// Words no code or fixture contains, so a hit in the server's files can only come from the test mail.
const SECRET_SUBJECT = 'Xylophagous quokka';
const SECRET_BODY = 'Zanzibarian flamingo';
const SECRET_SENDER = 'wilhelmina.quartzberg@customer.example';
const SECRET_SECOND = 'Brontosaurian teacup';
const CONTROL = 'Plaintextual narwhal';

/** How often `needle` occurs in the server's database files (the file, its WAL and shared memory). */
function occurrences(dir: string, needle: string): number {
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.startsWith('temporal.sqlite'))) {
    const bytes = readFileSync(join(dir, file));
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) count++;
  }
  return count;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the built worker in production on the real dev server: encrypted payloads, ops port, JSON logs', () => {
  let dir: string;
  let server: DevServerHandle | undefined;
  let worker: WatchedProcess | undefined;
  let codecServer: WatchedProcess | undefined;
  const oldKeys = `2026-05:${randomBytes(32).toString('base64')}`;
  const rotatedKeys = `2026-11:${randomBytes(32).toString('base64')},${oldKeys}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'encryption-'));
    server = await startDevServer({ dbFilename: join(dir, 'temporal.sqlite'), port: await freePort(), uiPort: await freePort(), forwardOutput: false });
  }, 120_000);
  afterAll(async () => {
    await stopProcess(codecServer, 'SIGKILL');
    await stopProcess(worker, 'SIGKILL');
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores no plaintext of a thread, keeps it working across a key rotation, decodes it for the UI, and replays it before a deploy', async () => {
    const appEnv: NodeJS.ProcessEnv = {
      TEMPORAL_ADDRESS: server!.address,
      TEMPORAL_TASK_QUEUE: 'encrypted',
      ORCHESTRATOR_DB_PATH: join(dir, 'orchestrator.sqlite'),
      OUTBOX_DIR: join(dir, 'outbox'),
      BLOB_STORE_URL: join(dir, 'blobs'),
      NODE_ENV: 'production',
      ORCHESTRATOR_ID_SECRET: randomBytes(32).toString('hex'),
      // The requester's address would otherwise be a plaintext search attribute (see the worker README).
      FLOW_SEARCH_ATTRIBUTES: 'false',
    };
    const metricsPort = await freePort();
    const startWorker = async (keys: string) => {
      const w = watchProcess('node', [workerMain], { ...appEnv, ORCHESTRATOR_ENCRYPTION_KEYS: keys, METRICS_PORT: String(metricsPort) });
      await w.waitForLine(/polling .*payloads encrypted/);
      return w;
    };
    worker = await startWorker(oldKeys);

    // The starter CLI delivers with the same keys.
    const threadId = `<enc-${randomBytes(4).toString('hex')}@customer.example>`;
    await run(
      'node',
      [
        starterMain,
        'deliver',
        '--message-id',
        threadId,
        '--from',
        SECRET_SENDER,
        '--to',
        'support@orchestrator.local',
        '--subject',
        SECRET_SUBJECT,
        '--text',
        `Hello, my ${SECRET_BODY} from order A10482 arrived broken. Can I return it and get a refund?`,
      ],
      {
        env: { ...process.env, ...appEnv, ORCHESTRATOR_ENCRYPTION_KEYS: oldKeys },
      },
    );
    const oldClient = await createThreadClient(temporalConfigFromEnv(appEnv), {
      dataConverter: encryptedDataConverterFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: oldKeys }),
    });
    const handled = (s: { messages: { status: string }[] }, n: number) => s.messages.length === n && s.messages.every((m) => m.status === 'handled');
    const first = await until(
      () => getThreadState(oldClient, threadId),
      (s) => handled(s, 1),
      'the first message to be handled',
    );
    expect(first.messages[0]).toMatchObject({ subject: SECRET_SUBJECT, from: SECRET_SENDER });

    // The worker's ops port: ready while polling, and /metrics has the Temporal runtime's metrics and
    // the business counters this worker moved (the message handled, a reply drafted by the rules agent and sent).
    const ops = `http://127.0.0.1:${metricsPort}`;
    expect(await (await fetch(`${ops}/readyz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const scrape = await (await fetch(`${ops}/metrics`)).text();
    expect(scrape).toMatch(/^temporal_worker_start\S* 1$/m);
    expect(scrape).toMatch(/^orchestrator_messages_handled_total 1$/m);
    expect(scrape).toMatch(/^orchestrator_emails_sent_total\{kind="reply"\} [1-9]/m);
    expect(scrape).toMatch(/^orchestrator_agent_calls_total\{provider="rules",model="rules-v1"\} [1-9]/m);
    // Its log is JSON lines, the runtime's included.
    expect(worker!.lines.map((l) => JSON.parse(l) as { level: string; msg: string }).find((l) => /polling/.test(l.msg))).toMatchObject({ level: 'info' });
    await oldClient.connection.close();

    // Rotation: a new worker with the new key first and the old one listed replays the history
    // written under the old key, and encrypts what comes next with the new one.
    await stopProcess(worker, 'SIGTERM');
    worker = await startWorker(rotatedKeys);
    const client = await createThreadClient(temporalConfigFromEnv(appEnv), {
      dataConverter: encryptedDataConverterFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: rotatedKeys }),
    });
    try {
      await deliverEmail(
        client,
        {
          messageId: `<enc-2@customer.example>`,
          threadId,
          inReplyTo: threadId,
          from: { address: SECRET_SENDER },
          to: [{ address: 'support@orchestrator.local' }],
          subject: `Re: ${SECRET_SUBJECT}`,
          text: `Where is my ${SECRET_SECOND}? Order A10482 has not arrived yet.`,
          receivedAt: new Date().toISOString(),
        },
        { taskQueue: 'encrypted' },
      );
      await until(
        () => getThreadState(client, threadId),
        (s) => handled(s, 2),
        'the second message to be handled after the rotation',
      );

      // What the server holds is ciphertext under both key ids.
      const raw = await client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: threadWorkflowId(threadId) } });
      const payloads = (raw.history?.events ?? []).flatMap((e) => [
        ...(e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []),
        ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ]);
      const keyIds = new Set(payloads.map((p) => Buffer.from(p.metadata?.['encryption-key-id'] ?? []).toString()));
      expect(keyIds).toEqual(new Set(['2026-05', '2026-11']));
      const firstSignal = (raw.history?.events ?? []).find((e) => e.workflowExecutionSignaledEventAttributes)?.workflowExecutionSignaledEventAttributes?.input
        ?.payloads?.[0];
      expect(Buffer.from(firstSignal?.data ?? []).toString('latin1')).not.toContain(SECRET_BODY);

      // The codec server decodes that payload for the Web UI's origin, with the bearer token.
      const codecPort = await freePort();
      const token = randomBytes(24).toString('hex');
      codecServer = watchProcess('node', [codecServerMain], {
        ORCHESTRATOR_ENCRYPTION_KEYS: rotatedKeys,
        CODEC_SERVER_PORT: String(codecPort),
        CODEC_SERVER_TOKEN: token,
      });
      await codecServer.waitForLine(/codec server on/);
      const b64 = (u: Uint8Array | null | undefined) => Buffer.from(u ?? []).toString('base64');
      const body = JSON.stringify({
        payloads: [{ metadata: Object.fromEntries(Object.entries(firstSignal?.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(firstSignal?.data) }],
      });
      const decode = (auth: string) =>
        fetch(`http://127.0.0.1:${codecPort}/decode`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8233', 'X-Namespace': 'default', Authorization: auth },
          body,
        });
      expect((await decode('Bearer wrong-token-wrong-token')).status).toBe(401);
      const decoded = await decode(`Bearer ${token}`);
      expect(decoded.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const { payloads: plain } = (await decoded.json()) as { payloads: { data: string }[] };
      expect(Buffer.from(plain[0]!.data, 'base64').toString()).toContain(SECRET_BODY);

      // The pre-deploy replay check: the thread's history (payloads under both keys) replays on the
      // built bundle; on workflow code changed without patched() it is nondeterministic, exit 1.
      const replayEnv = { ...process.env, ...appEnv, ORCHESTRATOR_ENCRYPTION_KEYS: rotatedKeys };
      const safe = await run('node', [replayMain, '--since', '1h', '--sample', '5', '--json'], { env: replayEnv });
      expect(JSON.parse(safe.stdout)).toMatchObject({ ok: true, replayed: 1, byType: { emailThreadWorkflow: 1 }, nondeterministic: [] });
      const changedBundle = join(dir, 'changed-bundle.js');
      writeFileSync(changedBundle, (await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/changed-workflows') })).code);
      const unsafe = await run('node', [replayMain, '--since', '1h', '--bundle', changedBundle], { env: replayEnv }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(unsafe).toMatchObject({ code: 1, stdout: expect.stringContaining('NOT SAFE TO DEPLOY: replayed 1 (emailThreadWorkflow 1); nondeterministic 1') });
      expect((unsafe as { stderr: string }).stderr).toContain(`nondeterministic: emailThreadWorkflow ${threadWorkflowId(threadId)}`);
    } finally {
      await client.connection.close();
    }

    // A client without the codec, as before this change: its input is stored in plaintext, which
    // shows the search below would find the words if they were there.
    const connection = await Connection.connect({ address: server!.address });
    await new Client({ connection }).workflow.start('noSuchWorkflow', { workflowId: 'control', taskQueue: 'nobody-polls', args: [CONTROL] });
    await connection.close();

    await stopProcess(worker, 'SIGTERM');
    await server!.stop();
    server = undefined;
    expect(occurrences(dir, CONTROL)).toBeGreaterThan(0);
    expect({
      subject: occurrences(dir, SECRET_SUBJECT.split(' ')[0]!),
      body: occurrences(dir, SECRET_BODY.split(' ')[0]!),
      sender: occurrences(dir, SECRET_SENDER),
      second: occurrences(dir, SECRET_SECOND.split(' ')[0]!),
    }).toEqual({ subject: 0, body: 0, sender: 0, second: 0 });
  }, 240_000);
});
