import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';
import { DEFAULT_OUTBOX_DATABASE } from '../store/open-outbox-ledger';

/** Where the file outbox writes when neither `SMTP_URL` nor `OUTBOX_DIR` is set. */
export const DEFAULT_OUTBOX_DIR = '.data/outbox';

/** The outbound mail's variables, declared once (read below; the worker README's table). */
export const OUTBOUND_ENV = {
  smtpUrl: defineEnvVariable({
    name: 'SMTP_URL',
    schema: envSchemas.text('`smtp://user:pass@host:587` (STARTTLS) or `smtps://…:465`'),
    default: 'unset (file outbox)',
    meaning: 'Sends mail through that server; unset, mail is written as `.eml` files to `OUTBOX_DIR`',
  }),
  outboxDir: defineEnvVariable({
    name: 'OUTBOX_DIR',
    schema: envSchemas.text('a directory'),
    default: `\`${DEFAULT_OUTBOX_DIR}\``,
    meaning: 'Where the file outbox writes (without `SMTP_URL`)',
  }),
  outboxDatabaseUrl: defineEnvVariable({
    name: 'OUTBOX_DATABASE_URL',
    schema: envSchemas.text('a `postgres://…` URL or a SQLite file path'),
    default: `\`DATABASE_URL\` when set, else \`${DEFAULT_OUTBOX_DATABASE}\``,
    meaning: 'The outbox ledger: what was sent, so a retried send is not repeated',
  }),
  dkimDomain: defineEnvVariable({
    name: 'SMTP_DKIM_DOMAIN',
    schema: envSchemas.text('a domain'),
    default: 'unset (no signing)',
    meaning:
      'With `SMTP_DKIM_SELECTOR` and `SMTP_DKIM_PRIVATE_KEY_FILE` (all three or none): every SMTP message is DKIM-signed for that domain (publish the public key at `<selector>._domainkey.<domain>`), so suppliers, customers and other orchestrators can authenticate it',
  }),
  dkimSelector: defineEnvVariable({ name: 'SMTP_DKIM_SELECTOR', schema: envSchemas.text('a DKIM selector'), default: 'unset', meaning: 'The DKIM selector' }),
  dkimPrivateKeyFile: defineEnvVariable({
    name: 'SMTP_DKIM_PRIVATE_KEY_FILE',
    schema: envSchemas.text('a PEM file'),
    default: 'unset',
    meaning: 'The DKIM private key (PEM)',
  }),
} as const;
