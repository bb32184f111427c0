import { IngressConfigError, parseDnsRecords, staticDnsResolver } from '../index';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe(staticDnsResolver, () => {
  const records = {
    TXT: {
      'Sel._domainkey.Demo.Example.': ['v=DKIM1; k=rsa; p=AAAA'],
      '_dmarc.demo.example': [['v=DMARC1; ', 'p=reject']],
    },
    MX: { 'demo.example': ['10 mx.demo.example'] },
  };

  it('answers TXT as chunk arrays and other types as strings, names case-insensitive', async () => {
    const resolve = staticDnsResolver(records);
    await expect(resolve('sel._domainkey.demo.example', 'TXT')).resolves.toEqual([['v=DKIM1; k=rsa; p=AAAA']]);
    await expect(resolve('_DMARC.demo.example.', 'txt')).resolves.toEqual([['v=DMARC1; ', 'p=reject']]);
    await expect(resolve('demo.example', 'MX')).resolves.toEqual(['10 mx.demo.example']);
  });

  it('says ENODATA for a known name without that type and ENOTFOUND for an unknown name', async () => {
    const resolve = staticDnsResolver(records);
    await expect(codeOf(resolve('demo.example', 'TXT'))).resolves.toBe('ENODATA');
    await expect(codeOf(resolve('other.example', 'TXT'))).resolves.toBe('ENOTFOUND');
  });

  it('asks the fallback for anything it does not hold', async () => {
    const asked: string[] = [];
    const resolve = staticDnsResolver(records, async (name, type) => {
      asked.push(`${type} ${name}`);
      return [['from fallback']];
    });
    await expect(resolve('other.example', 'TXT')).resolves.toEqual([['from fallback']]);
    await expect(resolve('_dmarc.demo.example', 'TXT')).resolves.toEqual([['v=DMARC1; ', 'p=reject']]);
    expect(asked).toEqual(['TXT other.example']);
  });
});

describe(parseDnsRecords, () => {
  it('accepts the documented file format', () => {
    const document = { TXT: { 'sel._domainkey.demo.example': ['v=DKIM1; k=rsa; p=AAAA'], '_dmarc.demo.example': ['v=DMARC1; p=reject'] } };
    expect(parseDnsRecords(document)).toBe(document);
  });

  it.each([[[]], ['TXT'], [{ TXT: ['v=spf1 -all'] }], [{ TXT: { 'a.example': 'v=spf1 -all' } }], [{ TXT: { 'a.example': [1] } }]])(
    'refuses %j naming the variable',
    (document) => {
      expect(() => parseDnsRecords(document)).toThrow(IngressConfigError);
      expect(() => parseDnsRecords(document)).toThrow(/^INGRESS_DNS_OVERRIDES /);
    },
  );
});
