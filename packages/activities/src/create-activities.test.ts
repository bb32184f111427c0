import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { createActivities } from './create-activities';
import { flowConfig } from './flows/flow-config';
import { INVALID_ACTIVITY_INPUT } from './errors';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileOutbox } from '@org/orchestrator-email';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { simpleParser } from 'mailparser';
import type { SendEmailResult } from './outbound';
import { openSqliteOutboxLedger } from './store/sqlite-outbox-ledger';
import { openSqliteStore } from './store/sqlite-store';
import { quietLogger } from '@org/orchestrator-testing';

const message: EmailMessage = parseEmailMessage({
  messageId: '<m1@example.com>',
  threadId: '<m1@example.com>',
  from: { address: 'bob@example.com', name: 'Bob' },
  to: [{ address: 'help@orchestrator.test' }],
  subject: 'Where is my order?',
  text: 'Order #AB1234 has not arrived.',
  receivedAt: '2026-11-25T09:00:00Z',
  references: ['<m0@example.com>'],
});

describe(createActivities, () => {
  const store = openSqliteStore(':memory:');
  const outboxDir = mkdtempSync(join(tmpdir(), 'activities-outbox-'));
  const ledger = openSqliteOutboxLedger(':memory:');
  // The support flow's mailbox, as its package's settings give it (a flow's mailbox is its package's).
  const common = flowConfig();
  const mailboxes = { ...common.mailboxes, support: { address: 'support@orchestrator.local', name: 'Customer Support' } };
  const activities = createActivities({
    store,
    outbound: { ledger, transport: createFileOutbox(outboxDir) },
    escalationAddress: { address: 'humans@orchestrator.test' },
    now: () => new Date('2026-11-25T10:00:00Z'),
    flows: { ...common, mailboxes },
  });
  const env = new MockActivityEnvironment({ activityId: 'a-1' });
  afterAll(async () => {
    store.close();
    await ledger.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });
  const outbox = () =>
    readdirSync(outboxDir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(outboxDir, f), 'utf8'));

  it('sends a threaded automatic reply exactly once per reply id', async () => {
    const input = { replyMessageId: '<r1@orchestrator.local>', kind: 'acknowledgement' as const, flow: 'support' as const, message };
    await expect(env.run(activities.sendReply, input)).resolves.toMatchObject({ messageId: '<r1@orchestrator.local>', status: 'sent' });
    await expect(env.run(activities.sendReply, input)).resolves.toMatchObject({ messageId: '<r1@orchestrator.local>', status: 'already-sent' });
    const [sent, ...rest] = outbox();
    expect(rest).toHaveLength(0);
    expect(sent).toContain('Message-ID: <r1@orchestrator.local>');
    expect(sent).toContain('In-Reply-To: <m1@example.com>');
    expect(sent).toContain('References: <m0@example.com> <m1@example.com>');
    expect(sent).toContain('Subject: Re: Where is my order?');
    expect(sent).toContain('Auto-Submitted: auto-replied');
    // The support flow's mailbox, not the inbound To: (help@orchestrator.test), which the sender chose.
    expect(sent).toMatch(/^From: "?Customer Support"? <support@orchestrator\.local>/m);
    expect(sent).toMatch(/^To: Bob <bob@example\.com>/m);
    expect(sent).toContain('Hello Bob,');
    expect((await ledger.list(message.threadId)).map((e) => e.status)).toEqual(['sent']);
  });

  it('notifies the escalation mailbox once', async () => {
    const input = { notificationMessageId: '<esc1@orchestrator.local>', reason: 'routing failed', detail: 'classify_thread: flow', message };
    await expect(env.run(activities.notifyEscalation, input)).resolves.toMatchObject({ status: 'sent' });
    await expect(env.run(activities.notifyEscalation, input)).resolves.toMatchObject({ status: 'already-sent' });
    const notice = outbox().find((m) => m.includes('<esc1@orchestrator.local>'));
    expect(notice).toContain('Subject: [Escalation] Where is my order?');
    expect(notice).toContain('To: humans@orchestrator.test');
  });

  it('links the escalation notice and the flow configuration to the task inbox when there is one', async () => {
    const inbox = { baseUrl: 'https://inbox.example.test/', secret: 'activities-test-inbox-secret-0123456789abcdef' };
    const withInbox = createActivities({
      store,
      outbound: { ledger, transport: createFileOutbox(outboxDir) },
      escalationAddress: { address: 'humans@orchestrator.test' },
      inbox,
    });
    expect(await env.run(withInbox.loadFlowConfig)).toMatchObject({ inboxUrl: inbox.baseUrl });
    expect(await env.run(activities.loadFlowConfig)).not.toHaveProperty('inboxUrl');
    await env.run(withInbox.notifyEscalation, { notificationMessageId: '<esc-inbox@orchestrator.local>', reason: 'routing failed', message });
    const notice = outbox()
      .find((m) => m.includes('<esc-inbox@orchestrator.local>'))
      ?.replace(/=\r?\n/g, '');
    expect(notice).toContain(`Open it in the task inbox: https://inbox.example.test/threads/${encodeURIComponent(message.threadId)}`);
  });

  it('notifies about a thread without a message (a failure while idle), and needs one of the two', async () => {
    const input = {
      notificationMessageId: '<esc-idle@orchestrator.local>',
      reason: 'support idle handling: closeSupportTicket failed (TicketNotFound)',
      thread: { threadId: message.threadId, subject: 'Where is my order?' },
    };
    await expect(env.run(activities.notifyEscalation, input)).resolves.toMatchObject({ status: 'sent' });
    const notice = outbox()
      .find((m) => m.includes('<esc-idle@orchestrator.local>'))
      ?.replace(/=\r?\n/g, '');
    expect(notice).toContain('Subject: [Escalation] Where is my order?');
    expect(notice).toContain(`Thread ${message.threadId} needs a human: support idle handling: closeSupportTicket failed (TicketNotFound).`);
    expect(notice).not.toContain('Latest message from');
    await expect(env.run(activities.notifyEscalation, { notificationMessageId: '<esc-none@orchestrator.local>', reason: 'x' })).rejects.toMatchObject({
      type: 'InvalidActivityInput',
      message: expect.stringContaining('message: give the message or the thread'),
    });
  });

  it('records a handled message keyed by the activity execution', async () => {
    const input = { threadId: message.threadId, messageId: message.messageId, flow: 'support' as const, action: 'acknowledged' };
    await env.run(activities.recordHandledMessage, input);
    await expect(env.run(activities.recordHandledMessage, input)).resolves.toEqual({ attempts: 2 });
  });

  it('fails invalid input at once with a non-retryable error naming the field', async () => {
    const error = await env
      .run(activities.sendReply, { replyMessageId: 'no-brackets', kind: 'acknowledgement' as const, flow: 'support' as const, message })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
    expect((error as Error).message).toContain('replyMessageId: must look like <id@host>');
  });
});

describe('sendReply with free text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'activities-reply-'));
  const ledger = openSqliteOutboxLedger(':memory:');
  const store = openSqliteStore(':memory:');
  const blobStore = createDirectoryBlobStore(join(dir, 'blobs'));
  const outboxDir = join(dir, 'outbox');
  const activities = createActivities({ store, outbound: { ledger, transport: createFileOutbox(outboxDir), blobStore } });
  const env = new MockActivityEnvironment({ activityId: 'reply-1' }, { logger: quietLogger });
  afterAll(async () => {
    store.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the given text with an attachment from the blob store, to the given recipients', async () => {
    const pdf = Buffer.from('%PDF-1.3 purchase order');
    const ref = await blobStore.put(pdf, { contentType: 'application/pdf' });
    const attachment = { id: ref.id, filename: 'PO-2026-000001.pdf', contentType: 'application/pdf', size: ref.size, sha256: ref.sha256 };
    const result: SendEmailResult = await env.run(activities.sendReply, {
      replyMessageId: '<po1@orchestrator.local>',
      text: 'Please find our purchase order attached.',
      message,
      attachments: [attachment],
      to: [{ address: 'sales@northwind-it.example', name: 'Northwind' }],
    });
    expect(result).toMatchObject({ messageId: '<po1@orchestrator.local>', status: 'sent' });

    const [file] = readdirSync(outboxDir).filter((f) => f.endsWith('.eml'));
    const parsed = await simpleParser(readFileSync(join(outboxDir, file!)));
    expect(parsed.text?.trim()).toBe('Please find our purchase order attached.');
    expect(parsed.inReplyTo).toBe(message.messageId);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.to).toMatchObject({ value: [{ address: 'sales@northwind-it.example', name: 'Northwind' }] });
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['PO-2026-000001.pdf', 'application/pdf', pdf.toString()],
    ]);
  });

  it.each([
    [{ kind: 'acknowledgement' as const, text: 'both' }, 'kind: give exactly one of kind and text'],
    [{}, 'kind: give exactly one of kind and text'],
    [{ text: '   ' }, 'text: must not be empty'],
    [{ kind: 'holding' as const, flow: undefined }, 'flow: is required with kind'],
  ])('refuses %j', async (body, problem) => {
    const error = await env
      .run(activities.sendReply, { replyMessageId: '<bad@orchestrator.local>', flow: 'support', message, ...body } as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
    expect((error as Error).message).toContain(problem);
  });
});

describe('outbound identity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'activities-identity-'));
  const ledger = openSqliteOutboxLedger(':memory:');
  const store = openSqliteStore(':memory:');
  const outboxDir = join(dir, 'outbox');
  const mailboxes = {
    procurement: { address: 'buy@acme.example', name: 'Acme Purchasing' },
    support: { address: 'help@acme.example', name: 'Acme Support' },
    orchestrator: { address: 'robot@acme.example', name: 'Acme Robot' },
  };
  const activities = createActivities({
    store,
    outbound: { ledger, transport: createFileOutbox(outboxDir) },
    // The flows' mailboxes as their packages' settings put them in the configuration.
    flows: { ...flowConfig(), mailboxes },
    escalationAddress: { address: 'humans@acme.example' },
  });
  const env = new MockActivityEnvironment({ activityId: 'identity-1' }, { logger: quietLogger });
  // An attacker's mail, addressed (To:) to someone we must never impersonate.
  const forged = parseEmailMessage({
    ...message,
    messageId: '<forged@evil.example>',
    threadId: '<forged@evil.example>',
    references: [],
    to: [{ address: 'ceo@bank.example', name: 'Bank CEO' }],
  });
  const sentWith = (id: string) =>
    readdirSync(outboxDir)
      .map((f) => readFileSync(join(outboxDir, f), 'utf8'))
      .find((m) => m.includes(`Message-ID: ${id}`)) ?? '';
  afterAll(async () => {
    store.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['support', 'acknowledgement', /^From: "?Acme Support"? <help@acme\.example>/m],
    ['procurement', 'acknowledgement', /^From: "?Acme Purchasing"? <buy@acme\.example>/m],
    ['unknown', 'holding', /^From: "?Acme Robot"? <robot@acme\.example>/m],
  ] as const)('sends %s replies from the configured mailbox, whatever the inbound To: says', async (flow, kind, from) => {
    const id = `<${flow}-reply@acme.example>`;
    await env.run(activities.sendReply, { replyMessageId: id, kind, flow, message: forged });
    expect(sentWith(id)).toMatch(from);
    expect(sentWith(id)).not.toContain('ceo@bank.example');
  });

  it('sends free text from the given sender, else the orchestrator mailbox; escalation notices from the orchestrator mailbox', async () => {
    await env.run(activities.sendReply, { replyMessageId: '<text-1@acme.example>', text: 'Noted.', message: forged, from: mailboxes.procurement });
    expect(sentWith('<text-1@acme.example>')).toMatch(/^From: "?Acme Purchasing"? <buy@acme\.example>/m);
    await env.run(activities.sendReply, { replyMessageId: '<text-2@acme.example>', text: 'Noted.', message: forged });
    expect(sentWith('<text-2@acme.example>')).toMatch(/^From: "?Acme Robot"? <robot@acme\.example>/m);
    await env.run(activities.notifyEscalation, { notificationMessageId: '<esc-2@acme.example>', reason: 'routing failed', message: forged });
    expect(sentWith('<esc-2@acme.example>')).toMatch(/^From: "?Acme Robot"? <robot@acme\.example>/m);
    for (const id of ['<text-1@acme.example>', '<text-2@acme.example>', '<esc-2@acme.example>']) expect(sentWith(id)).not.toMatch(/^From: .*bank\.example/m);
  });
});
