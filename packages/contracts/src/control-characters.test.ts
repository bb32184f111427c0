import { firstControlCharacter } from './control-characters';
import { outboundEmailSchema } from './outbound';
import { validateEmailMessage } from './validation';

const inbound = {
  messageId: '<m1@example.com>',
  threadId: '<m1@example.com>',
  from: { address: 'alice@example.com' },
  to: [{ address: 'orders@orchestrator.test' }],
  subject: 'Hello',
  text: 'Body',
  receivedAt: '2026-11-25T09:00:00Z',
};
const outbound = {
  messageId: '<reply-1@orchestrator.local>',
  threadId: '<m1@example.com>',
  from: { address: 'orders@orchestrator.test' },
  to: [{ address: 'alice@example.com' }],
  subject: 'Re: Hello',
  text: 'Thanks',
};

describe(firstControlCharacter, () => {
  it.each([
    ['<a\u0000@b>', { index: 2, codePoint: 'U+0000' }],
    ['<a@b>\u001b', { index: 5, codePoint: 'U+001B' }],
    ['\u007f', { index: 0, codePoint: 'U+007F' }],
    ['<a\u0085@b>', { index: 2, codePoint: 'U+0085' }],
  ])('finds the control character in %j', (value, found) => {
    expect(firstControlCharacter(value)).toEqual(found);
  });

  it('accepts printable ids, including non-ASCII ones (RFC 6532)', () => {
    expect(firstControlCharacter('<grüße.1@例え.jp>')).toBeUndefined();
  });
});

describe('ids with control characters', () => {
  it('are refused in an inbound message, naming the field and the character', () => {
    const result = validateEmailMessage({
      ...inbound,
      messageId: '<m1\u0000@example.com>',
      threadId: '<t\u0001@example.com>',
      inReplyTo: '<p\u007f@example.com>',
      references: ['<ok@example.com>', '<r\u0000@example.com>'],
    });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['inReplyTo', 'messageId', 'references.1', 'threadId']);
    expect(issues.find((i) => i.path === 'messageId')?.message).toBe('must not contain control characters (found U+0000 at index 3)');
  });

  it('are refused in an outbound email', () => {
    const result = outboundEmailSchema.safeParse({
      ...outbound,
      messageId: '<reply\u0000@orchestrator.local>',
      threadId: 'thread\u0000',
      inReplyTo: '<m1\u0000@example.com>',
      references: ['<m1\u0000@example.com>'],
    });
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['inReplyTo', 'messageId', 'references.0', 'threadId']);
    expect(result.error?.issues.every((i) => /control characters/.test(i.message))).toBe(true);
  });

  it('leave valid messages alone', () => {
    expect(validateEmailMessage(inbound).ok).toBe(true);
    expect(outboundEmailSchema.safeParse(outbound).success).toBe(true);
  });
});
