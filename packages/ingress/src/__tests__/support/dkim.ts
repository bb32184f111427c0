import { generateKeyPairSync } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { StaticDnsRecords } from '../../dns';

/** A sending domain with a fresh DKIM key, and the DNS records that publish it (DKIM, DMARC, SPF). */
export function sendingDomain(domain: string, options: { selector?: string; dmarc?: string; spf?: string } = {}) {
  const selector = options.selector ?? 'sel';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const records: StaticDnsRecords = {
    TXT: {
      [`${selector}._domainkey.${domain}`]: [`v=DKIM1; k=rsa; p=${p}`],
      [`_dmarc.${domain}`]: [options.dmarc ?? 'v=DMARC1; p=reject'],
      [domain]: [options.spf ?? 'v=spf1 -all'],
    },
  };
  const dkim = { domainName: domain, keySelector: selector, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  return { domain, selector, records, dkim };
}

/** Merges DNS record sets (later sets win per name). */
export function mergeRecords(...sets: StaticDnsRecords[]): StaticDnsRecords {
  const merged: Record<string, Record<string, readonly (string | readonly string[])[]>> = {};
  for (const set of sets) for (const [type, names] of Object.entries(set)) merged[type] = { ...merged[type], ...names };
  return merged;
}

/** The raw bytes nodemailer would send for `mail`, DKIM-signed when `dkim` is given. */
export async function compose(mail: Mail.Options, dkim?: ReturnType<typeof sendingDomain>['dkim']): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...(dkim ? { dkim } : {}) });
  const info = await transport.sendMail(mail);
  return info.message as Buffer;
}
