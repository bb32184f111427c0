import type { EmailMessage } from '@org/orchestrator-contracts';
import { addressAllowed, requesterVerdict, supplierRefusal } from '../sender-policy';

const proven = (address: string): Pick<EmailMessage, 'from' | 'authentication'> => ({
  from: { address },
  authentication: { verifiedBy: 'ingress', dkim: [], alignedDomain: address.slice(address.indexOf('@') + 1).toLowerCase() },
});
const claimed = (address: string): Pick<EmailMessage, 'from' | 'authentication'> => ({ from: { address } });

describe(addressAllowed, () => {
  const allowed = { addresses: ['cfo@partner.example'], domains: ['acme.example'] };
  it.each([
    ['buyer@acme.example', true],
    ['Buyer@ACME.example', true],
    ['cfo@partner.example', true],
    ['other@partner.example', false],
    ['buyer@sales.acme.example', false],
    ['buyer@acme.example.evil', false],
    ['buyer@notacme.example', false],
  ])('%s: %s', (address, expected) => expect(addressAllowed(address, allowed)).toBe(expected));
});

describe(requesterVerdict, () => {
  const allowed = { addresses: [], domains: ['acme.example'] };
  it('accepts an allowed, authenticated requester (lowercased)', () => {
    expect(requesterVerdict(proven('Buyer@acme.example'), allowed)).toEqual({ requester: 'buyer@acme.example' });
  });
  it('refuses a forged From: of an allowed domain', () => {
    expect(requesterVerdict(claimed('buyer@acme.example'), allowed)).toEqual({ refusal: 'unauthenticated' });
  });
  it('refuses an authenticated sender of another domain, and everyone when nothing is configured', () => {
    expect(requesterVerdict(proven('mallory@evil.example'), allowed)).toEqual({ refusal: 'requester-not-allowed' });
    expect(requesterVerdict(proven('buyer@acme.example'), undefined)).toEqual({ refusal: 'requester-not-allowed' });
  });
});

describe(supplierRefusal, () => {
  const supplier = 'sales@northwind.example';
  it('accepts the supplier’s authenticated mail from its address or domain', () => {
    expect(supplierRefusal(proven('sales@northwind.example'), supplier)).toBeUndefined();
    expect(supplierRefusal(proven('anna@northwind.example'), supplier)).toBeUndefined();
  });
  it('ignores other senders, forged ones and automatic mail', () => {
    expect(supplierRefusal(proven('sales@northwind.example.net'), supplier)).toBe('ignored: not-supplier');
    expect(supplierRefusal(claimed('sales@northwind.example'), supplier)).toBe('ignored: unauthenticated');
    expect(supplierRefusal({ ...proven('sales@northwind.example'), automated: { kind: 'auto-submitted', detail: 'auto-replied' } }, supplier)).toBe(
      'ignored: automated (auto-submitted)',
    );
    expect(supplierRefusal(proven('no-reply@northwind.example'), supplier)).toBe('ignored: automated (no-reply)');
  });
});
