import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { createActivities } from './create-activities';
import { INVALID_ACTIVITY_INPUT } from './errors';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileOutbox } from '@org/orchestrator-email';
import { openSqliteOutboxLedger } from './store/sqlite-outbox-ledger';
import { openSqliteStore } from './store/sqlite-store';

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
  const activities = createActivities({
    store,
    outbound: { ledger, transport: createFileOutbox(outboxDir) },
    escalationAddress: { address: 'humans@orchestrator.test' },
    now: () => new Date('2026-11-25T10:00:00Z'),
  });
  const env = new MockActivityEnvironment({ activityId: 'a-1' });
  afterAll(async () => {
    store.close();
    await ledger.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });
  const outbox = () => readdirSync(outboxDir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(outboxDir, f), 'utf8'));

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
    expect(sent).toMatch(/^From: help@orchestrator\.test/m);
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
