import { REJECTED_KEPT } from '@org/orchestrator-contracts';
import { sampleMessage } from '../../__tests__/sample-messages';
import { keyedMessageId, legacyOutboundMessageId, ThreadBook } from '@org/orchestrator-thread-kit';

const T = '<root@example.com>';
const NOW = '2026-11-25T10:00:00.000Z';

describe(ThreadBook, () => {
  it('queues valid messages in arrival order and ignores a seen message id', () => {
    const book = new ThreadBook(T, undefined, NOW);
    expect(book.accept(sampleMessage(T, 1), NOW).result).toBe('queued');
    expect(book.accept(sampleMessage(T, 2), NOW).result).toBe('queued');
    expect(book.accept(sampleMessage(T, 1), NOW).result).toBe('duplicate');
    expect(book.state().messages.map((m) => m.messageId)).toEqual([sampleMessage(T, 1).messageId, sampleMessage(T, 2).messageId]);
    expect(book.takeNext()?.messageId).toBe(sampleMessage(T, 1).messageId);
    expect(book.state().messages[0]?.status).toBe('handling');
    expect(book.state().duplicatesIgnored).toBe(1);
  });

  it('rejects an invalid payload naming the fields, and a message of another thread', () => {
    const book = new ThreadBook(T, undefined, NOW);
    const bad = book.accept({ ...sampleMessage(T, 1), from: { address: 'not-an-address' }, receivedAt: 'yesterday' }, NOW);
    expect(bad.result).toBe('rejected');
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(['from.address', 'receivedAt']);
    expect(book.accept(sampleMessage('<other@example.com>', 1), NOW).result).toBe('rejected');
    expect(book.accept('garbage', NOW).result).toBe('rejected');
    const state = book.state();
    expect(state.rejectedCount).toBe(3);
    expect(state.rejected[1]?.issues[0]?.path).toBe('threadId');
    expect(state.messages).toHaveLength(0);
    expect(book.hasPending).toBe(false);
  });

  it('keeps only the latest rejected payloads but counts all', () => {
    const book = new ThreadBook(T, undefined, NOW);
    for (let i = 0; i < REJECTED_KEPT + 5; i++) book.accept({ n: i }, NOW);
    expect(book.state().rejected).toHaveLength(REJECTED_KEPT);
    expect(book.state().rejectedCount).toBe(REJECTED_KEPT + 5);
  });

  it('carries pending messages, seen ids and flow state across continue-as-new', () => {
    const book = new ThreadBook(T, undefined, NOW);
    book.accept(sampleMessage(T, 1), NOW);
    book.accept(sampleMessage(T, 2), NOW);
    book.flow = 'procurement';
    book.flowState = { replied: true };
    const first = book.takeNext();
    book.markHandled(first!.messageId, { flow: 'procurement', action: 'acknowledged' });

    const next = new ThreadBook(T, book.carry(), '2026-11-26T00:00:00.000Z');
    expect(next.accept(sampleMessage(T, 1), NOW).result).toBe('duplicate');
    expect(next.accept(sampleMessage(T, 2), NOW).result).toBe('duplicate');
    expect(next.takeNext()?.messageId).toBe(sampleMessage(T, 2).messageId);
    expect(next.flow).toBe('procurement');
    expect(next.flowState).toEqual({ replied: true });
    expect(next.state()).toMatchObject({ continuedAsNew: 1, startedAt: NOW });
    expect(next.handledThisRun).toBe(0);
  });

  it('sums agent usage per model and carries it and the first escalation across continue-as-new', () => {
    const book = new ThreadBook(T, undefined, NOW);
    const usage = { provider: 'openai', model: 'gpt-x', inputTokens: 100, outputTokens: 20, latencyMs: 300, attempts: 1 };
    book.recordAgentUsage(usage);
    book.recordAgentUsage({ ...usage, inputTokens: 50 });
    book.recordAgentUsage({ ...usage, provider: 'rules', model: 'rules-v1', inputTokens: 0, outputTokens: 0, latencyMs: 2 });
    expect(book.escalate('agent output invalid', 'classify_thread: flow: invalid', NOW)).toBe(true);
    expect(book.escalate('second reason', undefined, NOW)).toBe(false);
    const next = new ThreadBook(T, book.carry(), NOW).state();
    expect(next.agentUsage).toEqual({
      calls: 3,
      inputTokens: 150,
      outputTokens: 40,
      latencyMs: 602,
      byModel: {
        'openai/gpt-x': { calls: 2, inputTokens: 150, outputTokens: 40, latencyMs: 600 },
        'rules/rules-v1': { calls: 1, inputTokens: 0, outputTokens: 0, latencyMs: 2 },
      },
    });
    expect(next.escalation).toEqual({ reason: 'agent output invalid', detail: 'classify_thread: flow: invalid', at: NOW });
  });

  it('summarises handled messages in order, with the completion reason', () => {
    const book = new ThreadBook(T, undefined, NOW);
    book.accept(sampleMessage(T, 1), NOW);
    book.markHandled(book.takeNext()!.messageId, { flow: 'unknown', action: 'holding-reply', replyMessageId: '<r@x>' });
    expect(book.requestCompletion({ reason: 'done' }, NOW).ok).toBe(true);
    expect(book.requestCompletion({ reason: 42 }, NOW).ok).toBe(false);
    expect(book.summary(NOW)).toEqual({
      threadId: T,
      flow: null,
      escalation: null,
      agentUsage: { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, byModel: {} },
      handled: [{ messageId: sampleMessage(T, 1).messageId, outcome: { flow: 'unknown', action: 'holding-reply', replyMessageId: '<r@x>' } }],
      counts: { received: 1, handled: 1, duplicates: 0, pending: 0, byAction: { 'holding-reply': 1 } },
      duplicatesIgnored: 0,
      rejected: 1,
      continuedAsNew: 0,
      completedAt: NOW,
      reason: 'done',
    });
  });

  it('derives outbound ids from its key, carries the key across continue-as-new, and never shows it', () => {
    const key = 'ab'.repeat(32);
    const book = new ThreadBook(T, undefined, NOW);
    expect(book.outboundMessageId('rfq:acme')).toBe(legacyOutboundMessageId(T, 'rfq:acme'));
    book.useIdKey(key);
    expect(book.outboundMessageId('rfq:acme')).toBe(keyedMessageId(key, 'rfq:acme'));
    expect(JSON.stringify(book.state())).not.toContain(key);
    expect(JSON.stringify(book.summary(NOW))).not.toContain(key);

    const next = new ThreadBook(T, book.carry(), NOW);
    expect(next.outboundMessageId('rfq:acme')).toBe(keyedMessageId(key, 'rfq:acme'));
    expect(JSON.stringify(next.state())).not.toContain(key);
    // A thread carried without a key (started before keys) keeps its ids.
    expect(new ThreadBook(T, new ThreadBook(T, undefined, NOW).carry(), NOW).outboundMessageId('rfq:acme')).toBe(legacyOutboundMessageId(T, 'rfq:acme'));
    expect(() => book.useIdKey('not-a-key')).toThrow(TypeError);
  });

  it('holds a failed step with its messages, carries it across continue-as-new, and requeues them for the retry', () => {
    const book = new ThreadBook(T, undefined, NOW);
    book.accept(sampleMessage(T, 1), NOW);
    book.accept(sampleMessage(T, 2), NOW);
    const failed = book.takeNext()!;
    const held = book.takeNext()!;
    book.markHandled(failed.messageId, { flow: 'support', action: 'failed' });
    book.markHandled(held.messageId, { flow: 'support', action: 'held-for-human' });
    const failedStep = {
      activity: 'draftSupportAnswer',
      failure: { type: 'AgentOutputInvalid', message: 'x' },
      flow: 'support' as const,
      during: 'message' as const,
      messageId: failed.messageId,
      attempts: 1,
      held: 1,
    };
    expect(
      book.escalateFailure(
        { reason: 'support answering: draftSupportAnswer failed (AgentOutputInvalid)', at: NOW, status: 'needs-human', failedStep },
        { message: failed, held: [held] },
      ),
    ).toBe(true);

    const next = new ThreadBook(T, book.carry(), NOW);
    expect(next.state().escalation).toMatchObject({ status: 'needs-human', failedStep: { activity: 'draftSupportAnswer' } });
    expect(next.stepFailure?.held.map((m) => m.messageId)).toEqual([held.messageId]);
    // Bodies are carried for the retry, never shown.
    expect(JSON.stringify(next.state())).not.toContain(failed.text);

    next.requeue([failed, held]);
    expect(next.state().messages.map((m) => m.status)).toEqual(['queued', 'queued']);
    expect(next.takeNext()?.messageId).toBe(failed.messageId);
    next.clearFailure();
    expect(next.state().escalation).toBeNull();
    expect(next.carry().stepFailure).toBeUndefined();
  });

  it('keeps another escalation over a failed step, and a failed step being retried gives way to a new one', () => {
    const book = new ThreadBook(T, undefined, NOW);
    const failedStep = {
      activity: 'findSuppliers',
      failure: { type: 'ActivityNotConfigured', message: 'x' },
      flow: 'procurement' as const,
      during: 'message' as const,
      attempts: 1,
      held: 0,
    };
    expect(book.escalate('procurement request held: unauthenticated', undefined, NOW)).toBe(true);
    expect(book.escalateFailure({ reason: 'failed', at: NOW, status: 'needs-human', failedStep }, { held: [] })).toBe(false);
    book.clearFailure();
    expect(book.state().escalation?.reason).toBe('procurement request held: unauthenticated');

    const retried = new ThreadBook(T, undefined, NOW);
    retried.escalateFailure({ reason: 'failed', at: NOW, status: 'retrying', failedStep }, { held: [] });
    expect(retried.escalate('procurement request held: clarification-limit', undefined, NOW)).toBe(true);
    expect(retried.state().escalation).toEqual({ reason: 'procurement request held: clarification-limit', detail: undefined, at: NOW });
  });
});
