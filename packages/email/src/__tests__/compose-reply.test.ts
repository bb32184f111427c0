import type { EmailMessage } from '@org/orchestrator-contracts';
import { outboundEmailSchema } from '@org/orchestrator-contracts';
import { MAX_REPLY_REFERENCES, composeReply, replySubject } from '../index';

const original: EmailMessage = {
  messageId: '<m3@customer.example>',
  threadId: '<m1@customer.example>',
  from: { address: 'tom@customer.example', name: 'Tom' },
  to: [{ address: 'support@orchestrator.example' }],
  cc: [],
  subject: 'RE: Re: Where is my order?',
  text: 'Any news?',
  receivedAt: '2026-11-25T09:00:00Z',
  inReplyTo: '<m2@orchestrator.example>',
  references: ['<m1@customer.example>', '<m2@orchestrator.example>'],
  attachments: [],
};

describe(replySubject, () => {
  it.each([
    ['Order', 'Re: Order'],
    ['Re: Order', 'Re: Order'],
    ['RE: Re: Order', 'Re: Order'],
    ['AW: Re: Angebot', 'Re: Angebot'],
    ['Re[2]: Order', 'Re: Order'],
    ['SV: Tilbud', 'Re: Tilbud'],
    ['Fwd: Order', 'Re: Fwd: Order'],
    ['  ', 'Re: (no subject)'],
    ['Reorder of toner', 'Re: Reorder of toner'],
  ])('%j → %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });
});

describe(composeReply, () => {
  const from = { address: 'support@orchestrator.example', name: 'Customer Support' };

  it('threads the reply under the original, to its sender, marked as automatic', () => {
    const reply = composeReply({ original, from, messageId: '<r1@orchestrator.example>', text: 'It ships today.', date: '2026-11-25T10:00:00Z' });
    expect(reply).toEqual({
      messageId: '<r1@orchestrator.example>',
      threadId: '<m1@customer.example>',
      from,
      to: [{ address: 'tom@customer.example', name: 'Tom' }],
      cc: [],
      subject: 'Re: Where is my order?',
      text: 'It ships today.',
      inReplyTo: '<m3@customer.example>',
      references: ['<m1@customer.example>', '<m2@orchestrator.example>', '<m3@customer.example>'],
      attachments: [],
      date: '2026-11-25T10:00:00Z',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(outboundEmailSchema.safeParse(reply).success).toBe(true);
  });

  it('uses In-Reply-To when the original has no References, and honours overrides', () => {
    const reply = composeReply({
      original: { ...original, references: [] },
      from,
      messageId: '<r2@orchestrator.example>',
      text: 'Hi',
      to: [{ address: 'orders@customer.example' }],
      automatic: false,
    });
    expect(reply.references).toEqual(['<m2@orchestrator.example>', '<m3@customer.example>']);
    expect(reply.to).toEqual([{ address: 'orders@customer.example' }]);
    expect(reply.headers).toBeUndefined();
  });

  it('trims a long References chain, keeping the root and the latest ancestors', () => {
    const references = Array.from({ length: 60 }, (_, i) => `<a${i}@x.example>`);
    const reply = composeReply({ original: { ...original, references }, from, messageId: '<r3@orchestrator.example>', text: 'Hi' });
    expect(reply.references).toHaveLength(MAX_REPLY_REFERENCES);
    expect(reply.references[0]).toBe('<a0@x.example>');
    expect(reply.references.at(-1)).toBe('<m3@customer.example>');
    expect(reply.references.at(-2)).toBe('<a59@x.example>');
  });
});
