import { outboundEmailSchema } from './outbound';
import { emailMessageSchema } from './email';

const valid = {
  messageId: '<reply-1@orchestrator.local>',
  threadId: '<root@example.com>',
  from: { address: 'orders@orchestrator.test' },
  to: [{ address: 'alice@example.com' }],
  subject: 'Re: Hello',
  text: 'Thanks',
  inReplyTo: '<root@example.com>',
  references: ['<root@example.com>'],
};

describe('outboundEmailSchema', () => {
  it('applies defaults', () => {
    expect(outboundEmailSchema.parse(valid)).toEqual({ ...valid, cc: [], attachments: [] });
  });

  it('refuses reserved or multi-line headers, bare ids and no recipients', () => {
    const result = outboundEmailSchema.safeParse({
      ...valid,
      messageId: 'bare@id',
      to: [],
      headers: { 'Message-ID': '<x@y>', 'X-Ok': 'a\r\nBcc: evil@example.com' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['headers.Message-ID', 'headers.X-Ok', 'messageId', 'to']);
  });
});

describe('emailMessageSchema blob refs', () => {
  it('accepts optional text and html blob references and checks their shape', () => {
    const base = {
      messageId: '<m@x>',
      threadId: '<m@x>',
      from: { address: 'a@example.com' },
      to: [],
      subject: 's',
      text: 'excerpt',
      receivedAt: '2026-11-25T09:00:00Z',
    };
    const ref = { id: `sha256:${'a'.repeat(64)}`, size: 100_000, sha256: 'a'.repeat(64) };
    expect(emailMessageSchema.parse({ ...base, textRef: ref, htmlRef: ref }).textRef).toEqual(ref);
    expect(emailMessageSchema.safeParse({ ...base, textRef: { ...ref, id: '../x' } }).success).toBe(false);
  });
});
