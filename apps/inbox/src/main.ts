import { flowConfigFromEnv, mailboxFor, outboundFromEnv } from '@org/orchestrator-activities';
import { createThreadClient } from '@org/orchestrator-contracts/client';
import { inboxConfigFromEnv, inboxPeople } from './config';
import { buildInboxServer } from './server';
import { SignInLinks } from './sign-in-links';

/**
 * The deployable inbox: reads its settings and the flows' lists, connects to Temporal (the inbox,
 * never the browser, holds the client), sends sign-in links through the project's outbound mail.
 */
async function main(): Promise<void> {
  const config = inboxConfigFromEnv();
  const flows = flowConfigFromEnv();
  const outbound = await outboundFromEnv();
  const client = await createThreadClient();
  const signInLinks = new SignInLinks({
    secret: config.secret,
    baseUrl: config.baseUrl,
    ttlMs: config.signInLinkTtlMs,
    transport: outbound.transport,
    from: mailboxFor(flows.mailboxes, undefined),
    // In development (the demo) the link is printed too, so nobody has to open the outbox's .eml files.
    ...(process.env['NODE_ENV'] === 'development' ? { onSent: (email: string, url: string) => console.log(`development: sign-in link for ${email}: ${url}`) } : {}),
  });
  const app = await buildInboxServer({ config, client, people: inboxPeople(flows), signInLinks, logger: { level: process.env['LOG_LEVEL'] ?? 'info' } });
  await app.listen({ host: config.host, port: config.port });
  console.log(`inbox listening on ${config.baseUrl} (mail via ${outbound.transport.description})`);
  const stop = async () => {
    await app.close();
    await outbound.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
