import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createSmtpTransport } from '@org/orchestrator-email';
import { buildInboxServer, openSqliteInboxStore, SignInLinks } from '@org/orchestrator-inbox';
import type { InboxConfig } from '@org/orchestrator-inbox';
import { freePort } from '@org/orchestrator-testing';
import type { ReceivedMail } from '@org/orchestrator-testing';
import type { FlowStack } from './flow-stack';

/** Where the browser tests write their screenshots (ignored by git). */
export const SCREENSHOT_DIR = join(__dirname, '..', 'reports', 'inbox');

/** A port and the inbox's URL on it, chosen before the worker starts (the links it signs name the URL). */
export async function inboxAddress(): Promise<{ port: number; baseUrl: string }> {
  const port = await freePort();
  return { port, baseUrl: `http://127.0.0.1:${port}` };
}

/** Starts the inbox in this process on `port`, mailing its sign-in links to the stack's SMTP sink. */
export async function startInbox(
  env: TestWorkflowEnvironment,
  stack: FlowStack,
  options: { port: number; baseUrl: string; secret: string; approvers: string[]; agents: string[] },
): Promise<{ app: Awaited<ReturnType<typeof buildInboxServer>>; config: InboxConfig; close(): Promise<void> }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const config: InboxConfig = {
    host: '127.0.0.1',
    port: options.port,
    baseUrl: options.baseUrl,
    secret: options.secret,
    secureCookies: false,
    signInLinkTtlMs: 15 * 60_000,
    sessionTtlMs: 3600_000,
  };
  const transport = createSmtpTransport(stack.sink.url);
  // Sessions and used sign-in links: the inbox's SQLite store, in memory for this test process.
  const store = openSqliteInboxStore(':memory:');
  const signInLinks = new SignInLinks({
    store,
    secret: config.secret,
    baseUrl: config.baseUrl,
    ttlMs: config.signInLinkTtlMs,
    transport,
    from: { address: 'inbox@orchestrator.test' },
  });
  const app = await buildInboxServer({ config, client: env.client, people: { approvers: options.approvers, agents: options.agents }, store, signInLinks });
  await app.listen({ host: '127.0.0.1', port: options.port });
  return {
    app,
    config,
    async close() {
      await app.close();
      await store.close();
      await transport.close();
    },
  };
}

/** The first URL in a received mail's text that matches `pattern`. */
export function linkIn(mail: ReceivedMail, pattern: RegExp): string {
  const match = pattern.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no link matching ${pattern} in: ${mail.parsed.text}`);
  return match[0];
}
