import type { FastifyInstance } from 'fastify';
import type { MailTransport } from '@org/orchestrator-email';
import type { InboxConfig } from '../../config';
import { SignInLinks } from '../../sign-in-links';
import type { InboxStore } from '../../store/inbox-store';

// The set-up the inbox's HTTP tests share: a real server on loopback with real sign-in links, and a
// Temporal client that refuses to be used.

/** A Temporal client for routes that must not reach Temporal: using it throws, so such a test fails. */
export const noTemporal = new Proxy(
  {},
  {
    get: () => {
      throw new Error('these routes must not reach Temporal');
    },
  },
) as never;

/** A test inbox's configuration: loopback, plain-HTTP cookies, one-minute sign-in links and sessions; `overrides` change any of it. */
export function testInboxConfig(secret: string, overrides: Partial<InboxConfig> = {}): InboxConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    baseUrl: 'http://inbox.test',
    secret,
    secureCookies: false,
    signInLinkTtlMs: 60_000,
    sessionTtlMs: 60_000,
    ...overrides,
  };
}

/** Sign-in links of the inbox `config` describes, mailed from inbox@orchestrator.test through `transport`. */
export function testSignInLinks(config: InboxConfig, store: InboxStore, transport: MailTransport): SignInLinks {
  return new SignInLinks({
    store,
    secret: config.secret,
    baseUrl: config.baseUrl,
    ttlMs: config.signInLinkTtlMs,
    transport,
    from: { address: 'inbox@orchestrator.test' },
  });
}

/** Starts `app` on loopback (`port` 0: a free one) and answers its URL. */
export async function listenOnLoopback(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ host: '127.0.0.1', port });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}
