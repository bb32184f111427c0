import { createHmac } from 'node:crypto';
import { keyedMessageId, legacyOutboundMessageId } from '@org/orchestrator-thread-kit';

/** What the `threadIdKey` activity answers (HMAC-SHA256 of `thread:<id>` under the secret). */
const threadKey = (secret: string, threadId: string) => createHmac('sha256', secret).update(`thread:${threadId}`).digest('hex');
const SECRET = 'a'.repeat(32);
const OTHER_SECRET = 'b'.repeat(32);
const THREAD = '<root@example.com>';

describe(keyedMessageId, () => {
  it('is stable for the same secret, thread and step (retries, replay) and differs otherwise', () => {
    const id = keyedMessageId(threadKey(SECRET, THREAD), 'holding:<m1@example.com>');
    expect(id).toMatch(/^<[0-9a-f]{32}@orchestrator\.local>$/);
    expect(keyedMessageId(threadKey(SECRET, THREAD), 'holding:<m1@example.com>')).toBe(id);
    expect(keyedMessageId(threadKey(SECRET, THREAD), 'holding:<m2@example.com>')).not.toBe(id);
  });

  it('matches HMAC-SHA256 computed by Node (noble in the sandbox, node:crypto outside)', () => {
    const key = threadKey(SECRET, THREAD);
    const expected = createHmac('sha256', Buffer.from(key, 'hex')).update('rfq:northwind-it').digest('hex').slice(0, 32);
    expect(keyedMessageId(key, 'rfq:northwind-it')).toBe(`<${expected}@orchestrator.local>`);
  });

  it('changes with the secret, and two threads’ ids are unrelated', () => {
    const step = 'rfq:northwind-it';
    const id = keyedMessageId(threadKey(SECRET, THREAD), step);
    expect(keyedMessageId(threadKey(OTHER_SECRET, THREAD), step)).not.toBe(id);
    const other = keyedMessageId(threadKey(SECRET, '<other@example.com>'), step);
    expect(other).not.toBe(id);
    // No shared part that would let one thread's ids hint at another's.
    expect(other.slice(1, 17)).not.toBe(id.slice(1, 17));
  });

  it('cannot be computed from the thread and step alone: the old formula no longer matches', () => {
    const step = 'rfq:northwind-it';
    expect(keyedMessageId(threadKey(SECRET, THREAD), step)).not.toBe(legacyOutboundMessageId(THREAD, step));
  });
});

describe(legacyOutboundMessageId, () => {
  it('keeps the formula of threads started before unguessable ids (their histories depend on it)', () => {
    const id = legacyOutboundMessageId(THREAD, 'holding:<m1@example.com>');
    expect(id).toMatch(/^<[0-9a-f]{16}\.[0-9a-f]{16}@orchestrator\.local>$/);
    expect(legacyOutboundMessageId(THREAD, 'holding:<m1@example.com>')).toBe(id);
    expect(legacyOutboundMessageId(THREAD, 'holding:<m2@example.com>')).not.toBe(id);
  });
});
