import { InvalidPayloadError } from './errors';
import { parseEmailMessage, validateEmailMessage } from './validation';
import { threadIdFromWorkflowId, threadWorkflowId } from './workflow-id';

const valid = {
  messageId: '<m1@example.com>',
  threadId: '<m1@example.com>',
  from: { address: 'alice@example.com' },
  to: [{ address: 'orders@orchestrator.test', name: 'Orders' }],
  subject: 'Hello',
  text: 'Body',
  receivedAt: '2026-11-25T09:00:00+01:00',
};

describe(parseEmailMessage, () => {
  it('applies defaults to a minimal valid message', () => {
    expect(parseEmailMessage(valid)).toEqual({ ...valid, cc: [], references: [], attachments: [] });
  });

  it('names every invalid field', () => {
    const error = (() => {
      try {
        parseEmailMessage({ ...valid, messageId: 'has space', to: [{ address: '@' }], receivedAt: 'soon', attachments: [{ id: 'a' }] });
      } catch (e) {
        return e as InvalidPayloadError;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.fields.sort()).toEqual([
      'attachments.0.contentType',
      'attachments.0.filename',
      'attachments.0.size',
      'messageId',
      'receivedAt',
      'to.0.address',
    ]);
    expect(error.message).toMatch(/^Invalid email message: /);
  });

  it('rejects non-objects without throwing in the safe variant', () => {
    expect(validateEmailMessage(null)).toMatchObject({ ok: false, issues: [{ path: '' }] });
    expect(validateEmailMessage({ ...valid, text: 'x'.repeat(64 * 1024 + 1) })).toMatchObject({ ok: false, issues: [{ path: 'text' }] });
  });
});

describe(threadWorkflowId, () => {
  it('round-trips and refuses an empty thread id', () => {
    expect(threadWorkflowId(' <a@b> ')).toBe('email-thread:<a@b>');
    expect(threadIdFromWorkflowId('email-thread:<a@b>')).toBe('<a@b>');
    expect(threadIdFromWorkflowId('other')).toBeUndefined();
    expect(() => threadWorkflowId('  ')).toThrow('threadId must not be empty');
  });
});
