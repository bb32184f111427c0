import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { createActivities } from './create-activities';
import { INVALID_ACTIVITY_INPUT } from './errors';
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
  const activities = createActivities({ store, now: () => new Date('2026-11-25T10:00:00Z') });
  const env = new MockActivityEnvironment({ activityId: 'a-1' });
  afterAll(() => store.close());

  it('classifies a thread', async () => {
    await expect(env.run(activities.classifyThread, { threadId: message.threadId, message })).resolves.toMatchObject({ flow: 'support' });
  });

  it('sends a threaded reply exactly once per reply id', async () => {
    const input = { replyMessageId: '<r1@orchestrator.local>', kind: 'acknowledgement' as const, flow: 'support' as const, message };
    await expect(env.run(activities.sendReply, input)).resolves.toEqual({ messageId: '<r1@orchestrator.local>', status: 'sent' });
    await expect(env.run(activities.sendReply, input)).resolves.toEqual({ messageId: '<r1@orchestrator.local>', status: 'already-sent' });
    const [sent, ...rest] = store.outbound(message.threadId);
    expect(rest).toHaveLength(0);
    expect(sent).toMatchObject({
      inReplyTo: '<m1@example.com>',
      references: ['<m0@example.com>', '<m1@example.com>'],
      subject: 'Re: Where is my order?',
      to: ['bob@example.com'],
    });
    expect(sent?.text).toMatch(/^Hello Bob,/);
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
