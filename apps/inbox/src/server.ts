import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import type { JsonLogger } from '@org/orchestrator-observability';
import { createJsonLogger } from '@org/orchestrator-observability';
import type { InboxConfig, InboxPeople } from './config';
import { messagePage } from './pages/layout';
import type { PageSession } from './pages/layout';
import { registerLinkRoutes } from './routes/links';
import { registerSignInRoutes } from './routes/sign-in';
import { registerTaskRoutes } from './routes/tasks';
import type { OidcSignIn } from './oidc-sign-in';
import { registerOidcRoutes } from './routes/oidc';
import { registerAccountRoutes } from './routes/account';
import { signInPage } from './pages/sign-in';
import type { SignInMethods, SignInOptions } from './pages/sign-in';
import type { Session } from './session';
import { Sessions } from './session';
import type { SignInLinks } from './sign-in-links';
import type { InboxStore } from './store/inbox-store';
import type { TaskFinder } from './tasks';
import { createTaskFinder } from './tasks';

/** What the inbox needs: its settings, a Temporal client (the browser never gets one), the lists, the mailer. */
export interface InboxDependencies {
  config: InboxConfig;
  client: ThreadClient;
  people: InboxPeople;
  /** Sessions and used sign-in ids (`openInboxStore`): SQLite or PostgreSQL. */
  store: InboxStore;
  /** Magic-link sign-in; absent when `INBOX_MAGIC_LINKS=false`. */
  signInLinks?: SignInLinks;
  /** OpenID Connect sign-in, when configured. */
  oidc?: OidcSignIn;
  /** The JSON log (`createInboxLogger`); none by default. */
  logger?: JsonLogger;
}

/** What the route modules share. */
export interface InboxContext extends InboxDependencies {
  app: FastifyInstance;
  /** The session of a request, and a CSRF token for its forms (bound to the session). */
  pageSession(request: FastifyRequest, reply: FastifyReply): PageSession | undefined;
  /** A CSRF token for sign-in forms (bound to the session if there is one, else to "no session"). */
  anonymousCsrf(reply: FastifyReply): string;
  session(request: FastifyRequest): Session | undefined;
  sessions: Sessions;
  /** The sign-in methods this inbox offers. */
  signInMethods: SignInMethods;
  /** The sign-in page with the methods this inbox offers. */
  signInPage(reply: FastifyReply, options?: SignInOptions): string;
  /** What waits for a person (see `createTaskFinder`); `tasks.forget()` after a decision. */
  tasks: TaskFinder;
  /** Sends an HTML page with a status. */
  page(reply: FastifyReply, status: number, body: string): FastifyReply;
}

/** No log unless one is given (tests). */
const silentLogger = createJsonLogger({ name: 'orchestrator-inbox', level: 'silent' });

/** The CSRF user info of requests without a session (the library refuses an empty one). */
const NO_SESSION = '(no session)';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's live session, read once per request from the cookie and the store. */
    inboxSession?: Session;
  }
}

const PUBLIC_DIR = join(__dirname, '..', 'public');
const ASSETS: Record<string, string> = { 'inbox.css': 'text/css; charset=utf-8', 'inbox.js': 'text/javascript; charset=utf-8' };

/**
 * Builds the inbox's HTTP server (not listening yet): server-rendered pages, signed session and
 * CSRF cookies, every POST checked for a CSRF token bound to the session.
 */
export async function buildInboxServer(deps: InboxDependencies): Promise<FastifyInstance> {
  if (!deps.signInLinks && !deps.oidc) throw new TypeError('buildInboxServer: give signInLinks, oidc or both, or nobody can sign in');
  // Tokens and thread ids (Message-IDs) in paths are longer than the router's default 100 characters.
  const app = Fastify({
    loggerInstance: (deps.logger ?? silentLogger) as FastifyBaseLogger,
    trustProxy: false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 4096 },
  });
  await app.register(fastifyCookie, { secret: deps.config.secret });
  await app.register(fastifyFormbody);
  const sessions = new Sessions(deps.store, { ttlMs: deps.config.sessionTtlMs, secure: deps.config.secureCookies });
  app.decorateRequest('inboxSession', undefined);
  // Once per request, before CSRF checks (which bind tokens to the session) and routes.
  app.addHook('onRequest', async (request) => {
    request.inboxSession = await sessions.read(request);
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: deps.config.secureCookies },
    csrfOpts: { hmacKey: deps.config.secret },
    // Tokens are bound to the session (or to "nobody"): a token from another session fails.
    getUserInfo: (request: FastifyRequest) => request.inboxSession?.id ?? NO_SESSION,
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    // form-action covers redirects after a POST too: starting an OpenID Connect sign-in leads to the provider.
    reply.header(
      'Content-Security-Policy',
      `default-src 'self'; form-action ${["'self'", ...(deps.oidc?.formActionOrigins() ?? [])].join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    );
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const signInMethods: SignInMethods = { magicLinks: Boolean(deps.signInLinks), ...(deps.oidc ? { oidcName: deps.oidc.name } : {}) };
  const context: InboxContext = {
    ...deps,
    app,
    page,
    tasks: createTaskFinder(deps.client),
    sessions,
    signInMethods,
    session: (request) => request.inboxSession,
    pageSession(request, reply) {
      const session = request.inboxSession;
      return session ? { email: session.email, csrf: reply.generateCsrf({ userInfo: session.id }) } : undefined;
    },
    // A signed-in person may use sign-in forms too (e.g. as another approver): bind to whatever session there is.
    anonymousCsrf: (reply) => reply.generateCsrf({ userInfo: reply.request.inboxSession?.id ?? NO_SESSION }),
    signInPage: (reply, options = {}) => signInPage(context.anonymousCsrf(reply), { ...options, ...signInMethods }),
  };

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return page(reply, 403, messagePage('Refused', 'This form has expired or did not come from the inbox. Open the page again and resubmit.'));
    }
    if (error.statusCode && error.statusCode < 500) return page(reply, error.statusCode, messagePage('Refused', error.message));
    request.log.error(error);
    return page(reply, 500, messagePage('Something went wrong', 'The inbox could not finish this. Nothing was decided; try again.'));
  });

  // Fastify's own 404 logs (and answers with) the whole URL, which may carry a mistyped link's token.
  app.setNotFoundHandler((_request, reply) => page(reply, 404, messagePage('Not found', 'There is no such page in the inbox.')));

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const type = ASSETS[request.params.name];
    if (!type) return reply.code(404).send();
    return reply
      .type(type)
      .header('Cache-Control', 'public, max-age=300')
      .send(readFileSync(join(PUBLIC_DIR, request.params.name)));
  });
  app.get('/healthz', async () => ({ ok: true }));

  registerSignInRoutes(context);
  registerOidcRoutes(context);
  registerAccountRoutes(context);
  registerTaskRoutes(context);
  registerLinkRoutes(context);
  return app;
}
