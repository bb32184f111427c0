import { authenticatedSender } from '@org/orchestrator-contracts';
import { staticDnsResolver, verifySender } from '../index';
import { compose, mergeRecords, sendingDomain } from './support/dkim';

const demo = sendingDomain('demo.example');
const other = sendingDomain('other.example');
const resolver = staticDnsResolver(mergeRecords(demo.records, other.records));
const smtp = { ip: '127.0.0.1', helo: 'client.test', mta: 'ingress.test', resolver };
const mail = (from: string) => ({
  from,
  to: 'purchasing@orders.example.com',
  subject: 'Purchase request',
  text: 'We need 12 chairs.',
  messageId: '<auth@demo.example>',
});

describe(verifySender, () => {
  it('proves the From domain when its DKIM signature aligns and DMARC passes', async () => {
    const raw = await compose(mail('Maria <Maria@Demo.Example>'), demo.dkim);
    const authentication = await verifySender(raw, 'Maria@Demo.Example', { ...smtp, mailFrom: 'maria@demo.example' });
    expect(authentication).toEqual({
      verifiedBy: 'ingress',
      spf: { result: 'fail', domain: 'demo.example' }, // 127.0.0.1 is not in demo.example's SPF
      dkim: [{ result: 'pass', domain: 'demo.example', selector: 'sel' }],
      dmarc: { result: 'pass', domain: 'demo.example', policy: 'reject' },
      arc: { result: 'none' },
      alignedDomain: 'demo.example',
    });
    expect(authenticatedSender({ from: { address: 'Maria@Demo.Example' }, authentication })).toBe('maria@demo.example');
  });

  it('proves nothing for a forged From (no signature, SPF -all)', async () => {
    const raw = await compose(mail('ceo@demo.example'));
    const authentication = await verifySender(raw, 'ceo@demo.example', { ...smtp, mailFrom: 'ceo@demo.example' });
    expect(authentication).toMatchObject({ spf: { result: 'fail' }, dkim: [], dmarc: { result: 'fail', domain: 'demo.example' } });
    expect(authentication.alignedDomain).toBeUndefined();
    expect(authenticatedSender({ from: { address: 'ceo@demo.example' }, authentication })).toBeUndefined();
  });

  it('does not let another domain’s valid signature vouch for the From domain', async () => {
    const raw = await compose(mail('ceo@demo.example'), other.dkim);
    const authentication = await verifySender(raw, 'ceo@demo.example', smtp);
    expect(authentication.dkim).toEqual([{ result: 'pass', domain: 'other.example', selector: 'sel' }]);
    expect(authentication.dmarc?.result).toBe('fail');
    expect(authentication.alignedDomain).toBeUndefined();
  });

  it('ignores an Authentication-Results header the sender wrote', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        'Authentication-Results: mx.orders.example.com; spf=pass smtp.mailfrom=demo.example; dkim=pass header.d=demo.example; dmarc=pass header.from=demo.example\r\n',
      ),
      await compose(mail('ceo@demo.example')),
    ]);
    const authentication = await verifySender(raw, 'ceo@demo.example', smtp);
    expect(authentication.dmarc?.result).toBe('fail');
    expect(authentication.alignedDomain).toBeUndefined();
  });

  it('breaks the signature when the body is changed on the way', async () => {
    const raw = Buffer.from((await compose(mail('maria@demo.example'), demo.dkim)).toString().replace('12 chairs', '120 chairs'));
    const authentication = await verifySender(raw, 'maria@demo.example', smtp);
    expect(authentication.dkim[0]?.result).not.toBe('pass');
    expect(authentication.alignedDomain).toBeUndefined();
  });

  it('records temperror and does not throw when DNS fails', async () => {
    const failing = async () => {
      throw Object.assign(new Error('DNS server unreachable'), { code: 'ECONNREFUSED' });
    };
    const raw = await compose(mail('maria@demo.example'), demo.dkim);
    const authentication = await verifySender(raw, 'maria@demo.example', { ...smtp, resolver: failing });
    expect(authentication).toMatchObject({ spf: { result: 'temperror' }, dkim: [{ result: 'temperror' }], dmarc: { result: 'temperror' } });
    expect(authentication.alignedDomain).toBeUndefined();
  });

  it('without an IP (IMAP) skips SPF and passes DMARC by DKIM alignment', async () => {
    const raw = await compose(mail('maria@demo.example'), demo.dkim);
    const authentication = await verifySender(raw, 'maria@demo.example', { resolver });
    expect(authentication.spf).toBeUndefined();
    expect(authentication.alignedDomain).toBe('demo.example');
  });

  it('lets a trusted relay vouch for its own domains only', async () => {
    const raw = await compose(mail('buyer@corp.example'));
    const relay = { ...smtp, relay: 'smtp-auth:postfix', relayDomains: ['Corp.Example'] };
    await expect(verifySender(raw, 'buyer@corp.example', relay)).resolves.toMatchObject({ relay: 'smtp-auth:postfix', alignedDomain: 'corp.example' });
    const forwarded = await verifySender(await compose(mail('someone@demo.example')), 'someone@demo.example', relay);
    expect(forwarded.relay).toBe('smtp-auth:postfix');
    expect(forwarded.alignedDomain).toBeUndefined();
  });
});
