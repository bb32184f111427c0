import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { OutboundEmail } from '@org/orchestrator-contracts';
import type { MailTransport, ThreadIndex } from '@org/orchestrator-email';
import { createFileOutbox } from '@org/orchestrator-email';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import type { OutboxLedger } from '../store/outbox-ledger';
import { createOutboundActivities } from './send-email';
import { quietLogger } from '@org/orchestrator-testing';

const THREAD = '<m1@customer.example>';
const answer = (n: number): OutboundEmail => ({
  messageId: `<a${n}.7f3c@orchestrator.local>`,
  threadId: THREAD,
  from: { address: 'support@orchestrator.local' },
  to: [{ address: 'tom@customer.example' }],
  cc: [],
  subject: 'Re: Where is my order?',
  text: `Answer ${n}`,
  inReplyTo: THREAD,
  references: [THREAD],
  attachments: [],
});

describe('sendEmail and the thread index', () => {
  let dir: string;
  let ledger: OutboxLedger;
  let index: ThreadIndex;
  const env = new MockActivityEnvironment({ activityId: 'send-1' }, { logger: quietLogger });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'outbound-index-'));
    // One file, as the worker has it by default: the ledger and the index side by side.
    ledger = openSqliteOutboxLedger(path.join(dir, 'orchestrator.sqlite'));
    index = openSqliteThreadIndex(path.join(dir, 'orchestrator.sqlite'));
  });
  afterEach(async () => {
    await ledger.close();
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the Message-ID with its thread before the transport sees the message', async () => {
    const outbox = createFileOutbox(path.join(dir, 'outbox'));
    const knownWhenSent: (string | undefined)[] = [];
    const transport: MailTransport = {
      ...outbox,
      async send(mail) {
        knownWhenSent.push((await index.threadsOf([mail.messageId])).get(mail.messageId));
        return outbox.send(mail);
      },
    };
    const { sendEmail } = createOutboundActivities({ ledger, transport, threadIndex: index });
    await expect(env.run(sendEmail, answer(1))).resolves.toMatchObject({ status: 'sent' });
    await expect(env.run(sendEmail, answer(1))).resolves.toMatchObject({ status: 'already-sent' });
    expect(knownWhenSent).toEqual([THREAD]);
    await expect(index.threadsOf([answer(1).messageId])).resolves.toEqual(new Map([[answer(1).messageId, THREAD]]));
  });

  it('records a message an earlier attempt sent before the index was configured, on its retry', async () => {
    const transport = createFileOutbox(path.join(dir, 'outbox'));
    await env.run(createOutboundActivities({ ledger, transport }).sendEmail, answer(2));
    await expect(index.threadsOf([answer(2).messageId])).resolves.toEqual(new Map());
    await expect(env.run(createOutboundActivities({ ledger, transport, threadIndex: index }).sendEmail, answer(2))).resolves.toMatchObject({
      status: 'already-sent',
    });
    await expect(index.threadsOf([answer(2).messageId])).resolves.toEqual(new Map([[answer(2).messageId, THREAD]]));
  });

  it('sends nothing while the index cannot record, releases its lease, and sends once when it can', async () => {
    const outboxDir = path.join(dir, 'outbox');
    let down = true;
    const flaky: ThreadIndex = {
      ...index,
      record: (record, at) => (down ? Promise.reject(new Error('SQLITE_IOERR: disk I/O error')) : index.record(record, at)),
    };
    const { sendEmail } = createOutboundActivities({ ledger, transport: createFileOutbox(outboxDir), threadIndex: flaky });
    await expect(env.run(sendEmail, answer(3))).rejects.toThrow('SQLITE_IOERR');
    expect(existsSync(outboxDir) ? readdirSync(outboxDir) : []).toEqual([]);
    // Released: the retry does not wait out a lease.
    const claimed = await ledger.get(answer(3).messageId);
    expect(claimed).toMatchObject({ status: 'sending' });
    expect(claimed?.lease).toBeUndefined();
    down = false;
    await expect(env.run(sendEmail, answer(3))).resolves.toMatchObject({ status: 'sent' });
    expect(readdirSync(outboxDir)).toHaveLength(1);
    await expect(index.threadsOf([answer(3).messageId])).resolves.toEqual(new Map([[answer(3).messageId, THREAD]]));
  });
});
