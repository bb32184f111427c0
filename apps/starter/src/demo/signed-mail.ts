import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { outboundEmailSchema } from '@org/orchestrator-contracts';
import type { MailTransport } from '@org/orchestrator-email';
import { createSmtpTransport, renderMime } from '@org/orchestrator-email';
import { CliError } from '../errors';

/** The DNS selector of the demo's DKIM keys: `demo._domainkey.<domain>`. */
export const DEMO_DKIM_SELECTOR = 'demo';

/**
 * The domains the scripted demos write from: the requester's company, the seeded suppliers
 * (`@org/orchestrator-procurement`'s directory) and the support customers' mail provider.
 */
export const DEMO_MAIL_DOMAINS = [
  'acme-industries.example',
  'northwind-it.example',
  'contoso-computing.example',
  'fabrikam-displays.example',
  'ergoseat.example',
  'adatum-furnishings.example',
  'paperpoint.example',
  'litware.example',
  'tailspin-networks.example',
  'mail.example',
] as const;

/** File names inside the keys folder. */
export const DEMO_KEYS_FILE = 'dkim-keys.json';
export const DEMO_DNS_FILE = 'dns-overrides.json';

/** The private keys (PEM) the demo signs with, per domain. */
export interface DemoSigningKeys {
  selector: string;
  keys: Record<string, string>;
}

/**
 * Generates one DKIM key per domain and writes, into `dir`, the private keys (`dkim-keys.json`,
 * mode 0600) and the DNS records an ingress needs to authenticate the demo's mail
 * (`dns-overrides.json`, for its `INGRESS_DNS_OVERRIDES`): each domain's DKIM key, a DMARC policy
 * of `reject`, and an SPF record allowing loopback only.
 */
export async function writeDemoSigningKeys(dir: string, domains: readonly string[] = DEMO_MAIL_DOMAINS): Promise<{ keysFile: string; dnsFile: string }> {
  const keys: Record<string, string> = {};
  const txt: Record<string, string[]> = {};
  for (const domain of domains) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys[domain] = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    txt[`${DEMO_DKIM_SELECTOR}._domainkey.${domain}`] = [`v=DKIM1; k=rsa; p=${spki}`];
    txt[`_dmarc.${domain}`] = ['v=DMARC1; p=reject'];
    txt[domain] = ['v=spf1 ip4:127.0.0.1 -all'];
  }
  await mkdir(dir, { recursive: true });
  const keysFile = join(dir, DEMO_KEYS_FILE);
  const dnsFile = join(dir, DEMO_DNS_FILE);
  await writeFile(keysFile, JSON.stringify({ selector: DEMO_DKIM_SELECTOR, keys } satisfies DemoSigningKeys, null, 2), { mode: 0o600 });
  await chmod(keysFile, 0o600);
  await writeFile(dnsFile, `${JSON.stringify({ TXT: txt }, null, 2)}\n`);
  return { keysFile, dnsFile };
}

/** Reads what {@link writeDemoSigningKeys} wrote. */
export async function readDemoSigningKeys(dir: string): Promise<DemoSigningKeys> {
  const file = join(dir, DEMO_KEYS_FILE);
  let parsed: Partial<DemoSigningKeys>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoSigningKeys>;
  } catch (error) {
    throw new CliError(
      `cannot read the demo's signing keys from ${file} (create them with \`orchestrator demo keys --out ${dir}\`): ${(error as Error).message}`,
    );
  }
  if (typeof parsed.selector !== 'string' || typeof parsed.keys !== 'object' || parsed.keys === null) {
    throw new CliError(`${file} is not a demo keys file`);
  }
  return { selector: parsed.selector, keys: parsed.keys };
}

/** Delivers a demo message. */
export type DemoDelivery = (message: EmailMessageInput) => Promise<void>;

/**
 * Sends each demo message as a real email through an SMTP server (the orchestrator's ingress),
 * DKIM-signed with its sender domain's key, so the ingress authenticates it as it would any mail.
 * Resolves when the server answered 250, which the ingress does only once Temporal has the message.
 * Threading comes from the message's own headers (`In-Reply-To`, `References`), as for any mail.
 */
export function smtpDelivery(url: string, signing: DemoSigningKeys): { deliver: DemoDelivery; close(): Promise<void> } {
  const transports = new Map<string, MailTransport>();
  const transportFor = (domain: string) => {
    let transport = transports.get(domain);
    if (!transport) {
      const privateKey = signing.keys[domain];
      if (!privateKey) throw new CliError(`no demo signing key for ${domain}; known: ${Object.keys(signing.keys).join(', ')}`);
      transport = createSmtpTransport(url, { dkim: { domainName: domain, keySelector: signing.selector, privateKey } });
      transports.set(domain, transport);
    }
    return transport;
  };
  return {
    async deliver(message) {
      const email = outboundEmailSchema.parse({
        messageId: message.messageId,
        threadId: message.threadId,
        from: message.from,
        to: message.to,
        cc: message.cc,
        subject: message.subject,
        text: message.text,
        date: message.receivedAt,
        inReplyTo: message.inReplyTo,
        references: message.references,
      });
      const domain = email.from.address.slice(email.from.address.lastIndexOf('@') + 1).toLowerCase();
      const raw = await renderMime(email);
      const recipients = [...email.to, ...email.cc].map((a) => a.address);
      await transportFor(domain).send({ messageId: email.messageId, envelope: { from: email.from.address, to: recipients }, raw });
    },
    async close() {
      await Promise.all([...transports.values()].map((t) => t.close()));
    },
  };
}
