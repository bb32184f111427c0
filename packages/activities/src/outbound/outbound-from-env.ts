import path from 'node:path';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { blobStoreFromEnv } from '@org/orchestrator-blob-store';
import type { MailTransport } from '@org/orchestrator-email';
import { createFileOutbox, createSmtpTransport } from '@org/orchestrator-email';
import type { OutboxLedger } from '../store/outbox-ledger';
import { DEFAULT_OUTBOX_DATABASE, openOutboxLedger } from '../store/open-outbox-ledger';

/** Where the file outbox writes when neither `SMTP_URL` nor `OUTBOX_DIR` is set. */
export const DEFAULT_OUTBOX_DIR = '.data/outbox';

/** The outbound dependencies built from the environment, and how to release them. */
export interface OutboundFromEnv {
  ledger: OutboxLedger;
  transport: MailTransport;
  blobStore: BlobStore;
  close(): Promise<void>;
}

/**
 * Builds the outbound dependencies from the environment:
 * - `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`) → SMTP; else a file outbox in
 *   `OUTBOX_DIR` (default `.data/outbox`), one `.eml` per message;
 * - `OUTBOX_DATABASE_URL` (`postgres://…` → PostgreSQL, else a SQLite path; default
 *   `.data/orchestrator.sqlite`) → the outbox ledger;
 * - `BLOB_STORE_URL` etc. → the blob store attachments are read from (see `blobStoreFromEnv`).
 * @example
 * const outbound = await outboundFromEnv();
 * const activities = { ...createActivities({ store }), ...createOutboundActivities(outbound) };
 */
export async function outboundFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<OutboundFromEnv> {
  const smtpUrl = env['SMTP_URL']?.trim();
  const transport = smtpUrl ? createSmtpTransport(smtpUrl) : createFileOutbox(path.resolve(env['OUTBOX_DIR']?.trim() || DEFAULT_OUTBOX_DIR));
  const ledger = await openOutboxLedger(env['OUTBOX_DATABASE_URL']?.trim() || DEFAULT_OUTBOX_DATABASE);
  const blobStore = blobStoreFromEnv(env);
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
