import { authenticatedSender, automatedMail, emailMessageSchema } from './index';

const base = {
  messageId: '<m1@corp.example>',
  threadId: '<m1@corp.example>',
  from: { address: 'Buyer@Corp.Example' },
  to: [{ address: 'orders@orchestrator.example' }],
  subject: 'Chairs',
  text: 'Please buy 12 chairs.',
  receivedAt: '2026-11-27T10:00:00Z',
};

describe(authenticatedSender, () => {
  it('is the sender only when DMARC aligned the From domain', () => {
    const pass = emailMessageSchema.parse({
      ...base,
      authentication: { verifiedBy: 'ingress', dmarc: { result: 'pass', domain: 'corp.example' }, alignedDomain: 'Corp.Example' },
    });
    expect(authenticatedSender(pass)).toBe('buyer@corp.example');
  });

  it('is undefined without authentication, or when the aligned domain is another one', () => {
    expect(authenticatedSender(emailMessageSchema.parse(base))).toBeUndefined();
    const other = emailMessageSchema.parse({ ...base, authentication: { verifiedBy: 'ingress', alignedDomain: 'attacker.example' } });
    expect(authenticatedSender(other)).toBeUndefined();
    const failed = emailMessageSchema.parse({ ...base, authentication: { verifiedBy: 'ingress', dmarc: { result: 'fail' } } });
    expect(authenticatedSender(failed)).toBeUndefined();
  });

  it('does not take a subdomain for its parent', () => {
    const sub = emailMessageSchema.parse({
      ...base,
      from: { address: 'x@evil.corp.example' },
      authentication: { verifiedBy: 'ingress', alignedDomain: 'corp.example' },
    });
    expect(authenticatedSender(sub)).toBeUndefined();
  });
});

describe(automatedMail, () => {
  it('reports what the ingress read from the headers', () => {
    const m = emailMessageSchema.parse({ ...base, automated: { kind: 'auto-submitted', detail: 'auto-replied' } });
    expect(automatedMail(m)).toEqual({ kind: 'auto-submitted', detail: 'auto-replied' });
  });

  it.each([
    ['MAILER-DAEMON@mx.example', 'mailer-daemon'],
    ['postmaster@mx.example', 'mailer-daemon'],
    ['no-reply@shop.example', 'no-reply'],
    ['noreply+bounce@shop.example', 'no-reply'],
    ['do-not-reply@shop.example', 'no-reply'],
  ])('knows %s as automatic (%s)', (address, kind) => {
    expect(automatedMail({ from: { address } })?.kind).toBe(kind);
  });

  it('leaves a person alone', () => {
    expect(automatedMail({ from: { address: 'nora.reply@corp.example' } })).toBeUndefined();
    expect(automatedMail(emailMessageSchema.parse(base))).toBeUndefined();
  });
});
