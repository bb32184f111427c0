import { createPublicKey, createSign, createVerify } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirPerTest } from '@org/orchestrator-testing';
import { DEMO_DKIM_SELECTOR, DEMO_MAIL_DOMAINS, readDemoSigningKeys, writeDemoSigningKeys } from '../demo/signed-mail';

describe(writeDemoSigningKeys, () => {
  const dir = tempDirPerTest('demo-keys-');

  it('writes private keys readable by the owner only, and the DNS records that verify them', async () => {
    const { keysFile, dnsFile } = await writeDemoSigningKeys(dir(), ['acme-industries.example', 'mail.example']);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    const signing = await readDemoSigningKeys(dir());
    expect(Object.keys(signing.keys)).toEqual(['acme-industries.example', 'mail.example']);
    const dns = JSON.parse(readFileSync(dnsFile, 'utf8')) as { TXT: Record<string, string[]> };
    for (const domain of ['acme-industries.example', 'mail.example']) {
      expect(dns.TXT[`_dmarc.${domain}`]).toEqual(['v=DMARC1; p=reject']);
      const record = dns.TXT[`${DEMO_DKIM_SELECTOR}._domainkey.${domain}`]?.[0] ?? '';
      const published = createPublicKey({ key: Buffer.from(/p=([A-Za-z0-9+/=]+)/.exec(record)?.[1] ?? '', 'base64'), format: 'der', type: 'spki' });
      // What the private key signs, the published key verifies: the ingress can check the demo's mail.
      const signature = createSign('sha256')
        .update('demo')
        .sign(signing.keys[domain] as string);
      expect(createVerify('sha256').update('demo').verify(published, signature)).toBe(true);
    }
  });

  it('covers every domain the scripted demos write from by default', async () => {
    await writeDemoSigningKeys(dir());
    expect(Object.keys((await readDemoSigningKeys(dir())).keys).sort()).toEqual([...DEMO_MAIL_DOMAINS].sort());
  }, 60_000);

  it('says how to create the keys when they are missing', async () => {
    await expect(readDemoSigningKeys(join(dir(), 'none'))).rejects.toThrow(/orchestrator demo keys --out/);
  });
});
