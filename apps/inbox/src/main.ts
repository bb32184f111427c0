import { mailboxFor, outboundFromEnv } from '@org/orchestrator-activities';
import { FLOW_MODULES, installedFlowConfigFromEnv } from '@org/orchestrator-installed-flows';
import { createThreadClient, encryptedDataConverterFromEnv } from '@org/orchestrator-contracts/client';
import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
import { readEnvVariable } from '@org/orchestrator-contracts';
import { INBOX_ENV, inboxConfigFromEnv, inboxPeople } from './config';
import { createInboxLogger } from './logger';
import { buildInboxServer } from './server';
import { OidcSignIn } from './oidc-sign-in';
import { SignInLinks } from './sign-in-links';
import { DEFAULT_INBOX_DATA_DIR } from './config';
import { openInboxStore } from './store/open-inbox-store';
import { isPostgresUrl } from '@org/orchestrator-postgres';

/**
 * The deployable inbox: reads its settings and the flows' lists, connects to Temporal (the inbox,
 * never the browser, holds the client), sends sign-in links through the project's outbound mail.
 */
async function main(): Promise<void> {
  const config = inboxConfigFromEnv();
  const flows = installedFlowConfigFromEnv();
  const outbound = await outboundFromEnv();
  const log = createInboxLogger({ level: config.logLevel });
  // Decisions reach Temporal encrypted with ORCHESTRATOR_ENCRYPTION_KEYS (the worker holds the same keys),
  // and with OTEL_* each decision starts a trace the worker's spans join.
  const dataConverter = encryptedDataConverterFromEnv();
  const tracing = tracingFromEnv(process.env, { serviceName: 'orchestrator-inbox' });
  const client = await createThreadClient(undefined, { dataConverter, interceptors: tracing?.clientInterceptors });
  // Sessions and used sign-in links outlive this process: SQLite in the data folder, or PostgreSQL.
  const store = await openInboxStore({ dataDir: config.dataDir ?? DEFAULT_INBOX_DATA_DIR, databaseUrl: config.databaseUrl });
  const oidc = config.oidc && new OidcSignIn({ config: config.oidc, secret: config.secret, store });
  const signInLinks =
    config.magicLinks === false
      ? undefined
      : new SignInLinks({
          store,
          secret: config.secret,
          baseUrl: config.baseUrl,
          ttlMs: config.signInLinkTtlMs,
          transport: outbound.transport,
          from: mailboxFor(flows.mailboxes, undefined),
          // In development (the demo) the link is printed too, so nobody has to open the outbox's .eml files.
          ...(readEnvVariable(process.env, INBOX_ENV.nodeEnv) === 'development'
            ? { onSent: (email: string, url: string) => log.info({ email, url }, 'development: sign-in link') }
            : {}),
        });
  const app = await buildInboxServer({ config, client, people: inboxPeople(flows, FLOW_MODULES), store, signInLinks, oidc, logger: log });
  await app.listen({ host: config.host, port: config.port });
  // An unreachable provider does not stop the inbox (magic links may still work); each sign-in tries again.
  oidc?.prepare().catch((error: unknown) => log.warn({ event: 'inbox.oidc.unavailable', err: error }, (error as Error).message));
  log.info(
    {
      baseUrl: config.baseUrl,
      mail: outbound.transport.description,
      store: isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite',
      magicLinks: Boolean(signInLinks),
      oidc: config.oidc?.issuerUrl,
      payloadEncryption: Boolean(dataConverter),
      tracing: Boolean(tracing),
    },
    'inbox listening',
  );
  const stop = async () => {
    await app.close();
    await store.close();
    await client.connection.close();
    await tracing?.shutdown();
    await outbound.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  // Before the logger exists (a bad setting) too: one JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', name: 'orchestrator-inbox', msg: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
