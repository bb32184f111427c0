import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { blobStoreFromUrl } from '@org/orchestrator-blob-store';
import type { EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { SHARED_ENV, blobStoreSettingsFromEnv, readEnvVariable } from '@org/orchestrator-contracts';
import type { DkimSigningKey, MailTransport } from '@org/orchestrator-email';
import { createFileOutbox, createSmtpTransport } from '@org/orchestrator-email';
import { FlowConfigError } from '../flows/flow-config';
import type { OutboxLedger } from '../store/outbox-ledger';
import { DEFAULT_OUTBOX_DATABASE, openOutboxLedger } from '../store/open-outbox-ledger';
import { DEFAULT_OUTBOX_DIR, OUTBOUND_ENV } from './outbound-env';

/** The outbound dependencies built from the environment, and how to release them. */
export interface OutboundFromEnv {
  ledger: OutboxLedger;
  transport: MailTransport;
  blobStore: BlobStore;
  close(): Promise<void>;
}

/**
 * Builds the outbound dependencies from the environment (the variables of `OUTBOUND_ENV` and the blob store's):
 * - `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`) → SMTP; else a file outbox in
 *   `OUTBOX_DIR` (default `.data/outbox`), one `.eml` per message;
 * - `SMTP_DKIM_DOMAIN`, `SMTP_DKIM_SELECTOR`, `SMTP_DKIM_PRIVATE_KEY_FILE` (all or none) → SMTP
 *   mail is DKIM-signed for that domain, so receivers (and another orchestrator) can authenticate it;
 * - `OUTBOX_DATABASE_URL` (`postgres://…` → PostgreSQL, else a SQLite path; default
 *   `DATABASE_URL`, which must be PostgreSQL, else `.data/orchestrator.sqlite`) → the outbox ledger;
 * - `BLOB_STORE_URL` etc. → the blob store attachments are read from (`blobStoreSettingsFromEnv` of the contracts).
 * @example
 * const outbound = await outboundFromEnv();
 * const activities = { ...createActivities({ store }), ...createOutboundActivities(outbound) };
 */
export async function outboundFromEnv(env: EnvSource = process.env): Promise<OutboundFromEnv> {
  const read = <T>(spec: EnvVariableSpec<T>) => readEnvVariable(env, spec, FlowConfigError);
  const smtpUrl = read(OUTBOUND_ENV.smtpUrl);
  const dkim = dkimFromEnv(read);
  // Settings first, so a bad one stops the process before anything is opened.
  const blobs = blobStoreSettingsFromEnv(env, FlowConfigError);
  // With every store on PostgreSQL (DATABASE_URL), the ledger is there too unless told otherwise.
  const ledgerUrl = read(OUTBOUND_ENV.outboxDatabaseUrl) ?? read(SHARED_ENV.databaseUrl) ?? DEFAULT_OUTBOX_DATABASE;
  const transport = smtpUrl ? createSmtpTransport(smtpUrl, { dkim }) : createFileOutbox(path.resolve(read(OUTBOUND_ENV.outboxDir) ?? DEFAULT_OUTBOX_DIR));
  const ledger = await openOutboxLedger(ledgerUrl);
  const blobStore = blobStoreFromUrl(blobs.url, blobs.s3);
  return {
    ledger,
    transport,
    blobStore,
    async close() {
      await transport.close();
      await ledger.close();
    },
  };
}

const DKIM_VARIABLES = [OUTBOUND_ENV.dkimDomain, OUTBOUND_ENV.dkimSelector, OUTBOUND_ENV.dkimPrivateKeyFile] as const;

/** The outbound DKIM key from the environment: all three variables, or none (no signing). */
function dkimFromEnv(read: (spec: EnvVariableSpec<string>) => string | undefined): DkimSigningKey | undefined {
  const [domainName, keySelector, keyFile] = DKIM_VARIABLES.map(read);
  if (!domainName && !keySelector && !keyFile) return undefined;
  const missing = DKIM_VARIABLES.filter((spec) => !read(spec));
  if (missing.length > 0)
    throw new FlowConfigError(missing[0]?.name as string, `must be set with ${DKIM_VARIABLES.map((spec) => spec.name).join(', ')} (all or none)`);
  let privateKey: string;
  try {
    privateKey = readFileSync(keyFile as string, 'utf8');
  } catch (error) {
    throw new FlowConfigError('SMTP_DKIM_PRIVATE_KEY_FILE', `cannot be read: ${(error as Error).message}`);
  }
  if (!privateKey.includes('PRIVATE KEY')) throw new FlowConfigError('SMTP_DKIM_PRIVATE_KEY_FILE', 'must hold a PEM private key');
  return { domainName: (domainName as string).toLowerCase(), keySelector: keySelector as string, privateKey };
}
