import type { ThreadClient } from './thread-client';
import { deliverEmail, listThreads } from './thread-client';
import { PAYLOAD_LIMITS, PayloadTooLargeError, InvalidPayloadError, threadWorkflowId } from '@org/orchestrator-contracts';

const email = (overrides: Record<string, unknown> = {}) => ({
  messageId: '<m1@example.com>',
  threadId: '<m1@example.com>',
  from: { address: 'alice@example.com' },
  to: [{ address: 'orders@orchestrator.test' }],
  subject: 'Hello',
  text: 'Body',
  receivedAt: '2026-11-25T09:00:00Z',
  ...overrides,
});

function fakeClient(executions: { workflowId: string; memo?: Record<string, unknown> }[] = []) {
  const started: Record<string, unknown>[] = [];
  const client = {
    workflow: {
      signalWithStart: async (_type: string, options: Record<string, unknown>) => {
        started.push(options);
        return { signaledRunId: 'run-1' };
      },
      list: async function* () {
        for (const e of executions) yield { ...e, runId: 'r', status: { name: 'RUNNING' }, startTime: new Date(0) };
      },
    },
  } as unknown as ThreadClient;
  return { client, started };
}

describe(deliverEmail, () => {
  it('refuses a message whose serialized JSON is over maxPayloadBytes before sending anything', async () => {
    const { client, started } = fakeClient();
    const text = 'é'.repeat(40_000); // 80,000 bytes of UTF-8
    const error = await deliverEmail(client, email({ text }), { maxPayloadBytes: 64 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as PayloadTooLargeError).maxBytes).toBe(64 * 1024);
    expect((error as PayloadTooLargeError).bytes).toBeGreaterThan(80_000);
    expect((error as Error).message).toMatch(/over the limit of 65536 bytes/);
    expect(started).toHaveLength(0);

    await deliverEmail(client, email({ text }));
    expect(started).toHaveLength(1);
  });

  it('defaults to a margin under Temporal’s blob limit', async () => {
    const { client } = fakeClient();
    const html = '日'.repeat(128 * 1024); // within the schema, 384 KiB of UTF-8
    await expect(deliverEmail(client, email({ html }))).resolves.toMatchObject({ runId: 'run-1' });
    expect(PAYLOAD_LIMITS.maxPayloadBytes).toBe(1536 * 1024);
  });

  it('starts a thread with a hashed workflow id with its thread id in the memo, and no memo otherwise', async () => {
    const { client, started } = fakeClient();
    const long = `<${'x'.repeat(984)}@example.com>`; // 998 characters: valid, too long for a plain workflow id
    const receipt = await deliverEmail(client, email({ messageId: '<reply@example.com>', threadId: long, references: [long] }));
    expect(receipt.workflowId).toMatch(/^email-thread:sha256:[0-9a-f]{64}$/);
    expect(started[0]).toMatchObject({ workflowId: receipt.workflowId, memo: { threadId: long }, args: [{ threadId: long }] });

    await deliverEmail(client, email());
    expect(started[1]).not.toHaveProperty('memo');
    expect(started[1]).toMatchObject({ workflowId: 'email-thread:<m1@example.com>' });
  });
});

describe(listThreads, () => {
  it('names hashed threads by their memo, or by their key when the memo is missing or does not match', async () => {
    const long = `<${'y'.repeat(1200)}>`;
    const hashed = threadWorkflowId(long);
    const { client } = fakeClient([
      { workflowId: 'email-thread:<a@b>' },
      { workflowId: hashed, memo: { threadId: long } },
      { workflowId: hashed, memo: { threadId: '<forged@b>' } },
      { workflowId: hashed },
    ]);
    const names: string[] = [];
    for await (const listing of listThreads(client)) names.push(listing.threadId);
    const key = hashed.slice('email-thread:'.length);
    expect(names).toEqual(['<a@b>', long, key, key]);
    expect(threadWorkflowId(key)).toBe(hashed);
  });
});
