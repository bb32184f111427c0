import type { ThreadIndex } from '../index';
import { deriveThreadId, resolveThread } from '../index';
import { openSqliteThreadIndex } from '../sqlite';

// A support thread: the customer's first message, our answer, the customer's reply.
const ROOT = '<m1@customer.example>';
const ANSWER = '<a1.7f3c@orchestrator.local>';
const REPLY = '<m2@customer.example>';
const at = new Date('2026-11-27T10:00:00Z');

describe(resolveThread, () => {
  let index: ThreadIndex;
  beforeEach(async () => {
    index = openSqliteThreadIndex(':memory:');
    await index.record({ messageId: ROOT, threadId: ROOT, direction: 'inbound' }, at);
    await index.record({ messageId: ANSWER, threadId: ROOT, direction: 'outbound' }, at);
  });
  afterEach(() => index.close());

  it('places a reply that names only one of our replies (In-Reply-To, no References) in that reply’s thread', async () => {
    const headers = { messageId: REPLY, inReplyTo: ANSWER };
    expect(deriveThreadId(headers)).toBe(ANSWER); // the header rule alone would start a new thread
    await expect(resolveThread(index, headers)).resolves.toEqual({ threadId: ROOT, via: 'index', parent: ANSWER, byHeaders: ANSWER });
  });

  it('keeps the header rule when its root is a known root (recorded as the first message of its thread)', async () => {
    const headers = { messageId: REPLY, inReplyTo: ANSWER, references: [ROOT, ANSWER] };
    await expect(resolveThread(index, headers)).resolves.toEqual({ threadId: ROOT, via: 'headers', byHeaders: ROOT });
    // Even when an ancestor was recorded elsewhere: a known root is never second-guessed.
    await index.record({ messageId: '<b1@orchestrator.local>', threadId: '<rfq-1@orchestrator.local>', direction: 'outbound' }, at);
    await expect(
      resolveThread(index, { messageId: REPLY, inReplyTo: '<b1@orchestrator.local>', references: [ROOT, '<b1@orchestrator.local>'] }),
    ).resolves.toMatchObject({
      threadId: ROOT,
      via: 'headers',
    });
  });

  it('looks up In-Reply-To first, then References newest first', async () => {
    await index.record({ messageId: '<x1@orchestrator.local>', threadId: '<thread-x@customer.example>', direction: 'outbound' }, at);
    // A References list whose root is unknown (trimmed by some client): the newest known entry wins.
    await expect(
      resolveThread(index, { messageId: REPLY, references: ['<lost@elsewhere.example>', ANSWER, '<x1@orchestrator.local>', '<unknown@x.example>'] }),
    ).resolves.toEqual({
      threadId: '<thread-x@customer.example>',
      via: 'index',
      parent: '<x1@orchestrator.local>',
      byHeaders: '<lost@elsewhere.example>',
    });
    // In-Reply-To comes before any reference.
    await expect(
      resolveThread(index, { messageId: REPLY, inReplyTo: ANSWER, references: ['<lost@elsewhere.example>', '<x1@orchestrator.local>'] }),
    ).resolves.toMatchObject({
      threadId: ROOT,
      parent: ANSWER,
    });
  });

  it('finds a reply to an inbound message the thread received', async () => {
    await index.record({ messageId: REPLY, threadId: ROOT, direction: 'inbound' }, at);
    await expect(resolveThread(index, { messageId: '<colleague@customer.example>', inReplyTo: REPLY })).resolves.toMatchObject({
      threadId: ROOT,
      via: 'index',
    });
  });

  it('falls back to the header rule when no ancestor is known: a reply to an unknown id starts its own thread', async () => {
    await expect(resolveThread(index, { messageId: REPLY, inReplyTo: '<unknown@elsewhere.example>' })).resolves.toEqual({
      threadId: '<unknown@elsewhere.example>',
      via: 'headers',
      byHeaders: '<unknown@elsewhere.example>',
    });
    await expect(resolveThread(index, { messageId: '<new@customer.example>' })).resolves.toEqual({
      threadId: '<new@customer.example>',
      via: 'headers',
      byHeaders: '<new@customer.example>',
    });
  });

  it('is not fooled by a thread named after one of our ids: replies naming that id still reach our thread', async () => {
    // A forger's message with our answer's Message-ID and no ancestors started a thread of that
    // name, and we replied in it: a message recorded there. Our answer's id still maps to ROOT.
    await index.record({ messageId: ANSWER, threadId: ANSWER, direction: 'inbound' }, at);
    await index.record({ messageId: '<h1@orchestrator.local>', threadId: ANSWER, direction: 'outbound' }, at);
    await expect(resolveThread(index, { messageId: REPLY, inReplyTo: ANSWER })).resolves.toMatchObject({ threadId: ROOT, via: 'index' });
    await expect(resolveThread(index, { messageId: REPLY, inReplyTo: ANSWER, references: [ANSWER] })).resolves.toMatchObject({ threadId: ROOT, via: 'index' });
  });

  it('never places a message by its own id: claiming a recorded id moves nothing into that thread', async () => {
    // A forger reuses our answer's Message-ID for a new message with no ancestors ...
    await expect(resolveThread(index, { messageId: ANSWER })).resolves.toMatchObject({ threadId: ANSWER, via: 'headers' });
    // ... or names itself as its parent.
    await expect(resolveThread(index, { messageId: ANSWER, inReplyTo: ANSWER })).resolves.toMatchObject({ threadId: ANSWER, via: 'headers' });
  });

  it('asks the index nothing for a message without ancestors', async () => {
    const spy: Pick<ThreadIndex, 'threadsOf'> = { threadsOf: jest.fn(() => Promise.reject(new Error('not asked'))) };
    await expect(resolveThread(spy, { messageId: '<new@customer.example>' })).resolves.toMatchObject({ via: 'headers' });
    expect(spy.threadsOf).not.toHaveBeenCalled();
  });
});
