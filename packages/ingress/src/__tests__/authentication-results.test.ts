import { authenticatedSender } from '@org/orchestrator-contracts';
import { parseAuthenticationResults, trustedAuthenticationResults } from '../index';

const message = (...authenticationResults: string[]) =>
  Buffer.from(
    [
      ...authenticationResults.map((value) => `Authentication-Results: ${value}`),
      'Received: from mail.demo.example (mail.demo.example [192.0.2.10]) by mx.orders.example.com',
      'From: Maria <maria@demo.example>',
      'To: purchasing@orders.example.com',
      'Subject: Purchase request',
      '',
      'We need 12 chairs.',
      '',
    ].join('\r\n'),
  );

// As Postfix + OpenDKIM/OpenDMARC (or rspamd) write it: folded, with comments.
const DOVECOT_MX =
  'mx.orders.example.com;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=demo.example header.i=@demo.example header.s=sel header.b=AbCd;\r\n\tspf=pass (mx.orders.example.com: domain of maria@demo.example designates 192.0.2.10 as permitted sender) smtp.mailfrom=maria@demo.example;\r\n\tdmarc=pass (p=reject dis=none) header.from=demo.example policy.dmarc=reject';

describe(parseAuthenticationResults, () => {
  it('reads the authserv-id and each method, result and property, comments removed', () => {
    expect(parseAuthenticationResults('"MX.Example.com" 1; arc=pass (i=1); dkim/1=fail (bad sig) header.d=a.example; none')).toEqual({
      authservId: 'mx.example.com',
      results: [
        { method: 'arc', result: 'pass', properties: {} },
        { method: 'dkim', result: 'fail', properties: { 'header.d': 'a.example' } },
      ],
    });
  });
});

describe(trustedAuthenticationResults, () => {
  const trusted = ['mx.orders.example.com'];

  it('believes the topmost header when its authserv-id is configured', () => {
    const authentication = trustedAuthenticationResults(message(DOVECOT_MX), 'maria@demo.example', trusted);
    expect(authentication).toEqual({
      verifiedBy: 'mx.orders.example.com',
      spf: { result: 'pass', domain: 'demo.example' },
      dkim: [{ result: 'pass', domain: 'demo.example', selector: 'sel' }],
      dmarc: { result: 'pass', domain: 'demo.example', policy: 'reject' },
      alignedDomain: 'demo.example',
    });
    expect(authenticatedSender({ from: { address: 'maria@demo.example' }, authentication })).toBe('maria@demo.example');
  });

  it('ignores a header from an id that is not configured', () => {
    expect(
      trustedAuthenticationResults(message(DOVECOT_MX.replace('mx.orders.example.com', 'mx.attacker.example')), 'maria@demo.example', trusted),
    ).toBeUndefined();
  });

  it('ignores a trusted-looking header below the topmost one (the sender may have written it)', () => {
    const raw = message('mx.other.example; dmarc=fail header.from=demo.example', DOVECOT_MX);
    expect(trustedAuthenticationResults(raw, 'maria@demo.example', trusted)).toBeUndefined();
  });

  it('gives no aligned domain when DMARC passed for another domain than From', () => {
    const authentication = trustedAuthenticationResults(message(DOVECOT_MX), 'ceo@orders.example.com', trusted);
    expect(authentication?.dmarc?.result).toBe('pass');
    expect(authentication?.alignedDomain).toBeUndefined();
  });

  it('believes nothing when nothing is configured', () => {
    expect(trustedAuthenticationResults(message(DOVECOT_MX), 'maria@demo.example', [])).toBeUndefined();
  });
});
