import { createHash } from 'node:crypto';
import { MAX_WORKFLOW_ID_BYTES, isHashedThreadWorkflowId, isThreadWorkflowId, threadIdFromWorkflowId, threadWorkflowId } from './workflow-id';

const hashed = (id: string) => `email-thread:sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;

describe(threadWorkflowId, () => {
  it.each([
    ['a Message-ID', '<CAF1x@mail.example.com>'],
    ['a synthetic Message-ID', '<6e5f19265fbeacb27bad448d90e64ebc@orchestrator.local>'],
    ['an id without brackets', 'plain-id-without-brackets'],
    ['punctuation', '<a/b+c=d@x.example>'],
    ['non-ASCII', '<日本語@例え.jp>'],
    ['a replacement character', '<a\ufffdb@x>'],
    ['exactly 1000 bytes of workflow id', `<${'a'.repeat(MAX_WORKFLOW_ID_BYTES - 'email-thread:'.length - 2)}>`],
    ['exactly 1000 bytes in two-byte characters', `<${'é'.repeat(492)}@>`],
  ])('keeps the plain form of every id that worked before (%s)', (_, threadId) => {
    const workflowId = threadWorkflowId(threadId);
    expect(workflowId).toBe(`email-thread:${threadId}`);
    expect(Buffer.byteLength(workflowId)).toBeLessThanOrEqual(MAX_WORKFLOW_ID_BYTES);
    expect(threadIdFromWorkflowId(workflowId)).toBe(threadId);
  });

  it('trims the thread id, as it always did', () => {
    expect(threadWorkflowId('  <a@b>\n')).toBe('email-thread:<a@b>');
    expect(() => threadWorkflowId('  ')).toThrow(TypeError);
  });

  it.each([
    ['one byte over the limit', `<${'a'.repeat(MAX_WORKFLOW_ID_BYTES - 'email-thread:'.length - 1)}>`],
    ['over the limit in bytes, not in characters', `<${'é'.repeat(493)}@>`],
    ['a 998-character Message-ID', `<${'x'.repeat(984)}@example.com>`],
    ['a control character', '<a\u0001b@x>'],
    ['NUL', '<a\u0000b@x>'],
    ['DEL', '<a\u007fb@x>'],
    ['a C1 control', '<a\u0085b@x>'],
    ['inner whitespace', '<a b@x>'],
    ['a line separator', '<a\u2028b@x>'],
    ['a lone high surrogate', '<a\ud800b@x>'],
    ['a lone low surrogate', '<a\udc00b@x>'],
  ])('hashes an id that could not work as it is (%s)', (_, threadId) => {
    const workflowId = threadWorkflowId(threadId);
    expect(workflowId).toMatch(/^email-thread:sha256:[0-9a-f]{64}$/);
    expect(isHashedThreadWorkflowId(workflowId)).toBe(true);
    expect(isThreadWorkflowId(workflowId)).toBe(true);
    expect(threadIdFromWorkflowId(workflowId)).toBeUndefined();
    // Deterministic: the same thread always reaches the same workflow.
    expect(threadWorkflowId(threadId)).toBe(workflowId);
  });

  it('hashes the UTF-8 bytes of the trimmed thread id (the same SHA-256 as node:crypto)', () => {
    const long = `<${'x'.repeat(990)}@example.com>`;
    expect(threadWorkflowId(long)).toBe(hashed(long));
    expect(threadWorkflowId(` ${long} `)).toBe(hashed(long));
    expect(threadWorkflowId('<a\u0000b@x>')).toBe(hashed('<a\u0000b@x>'));
  });

  it('gives different threads different hashed ids, lone surrogates included', () => {
    const ids = ['<a\ud800@b>', '<a\ud801@b>', '<a\udc00@b>', `<${'y'.repeat(990)}>`, `<${'y'.repeat(991)}>`];
    expect(new Set(ids.map(threadWorkflowId)).size).toBe(ids.length);
  });

  it('maps a hashed key back to its own workflow id, so listings can name the thread by it', () => {
    const workflowId = threadWorkflowId(`<${'z'.repeat(1200)}>`);
    const key = workflowId.slice('email-thread:'.length);
    expect(threadWorkflowId(key)).toBe(workflowId);
  });
});

describe(threadIdFromWorkflowId, () => {
  it('is undefined for other workflows', () => {
    expect(threadIdFromWorkflowId('rfq:<x@y>')).toBeUndefined();
    expect(threadIdFromWorkflowId('email-thread:')).toBeUndefined();
    expect(isThreadWorkflowId('rfq:<x@y>')).toBe(false);
  });
});
