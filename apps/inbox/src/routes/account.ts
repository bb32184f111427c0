import { accountPage } from '../pages/account';
import { messagePage } from '../pages/layout';
import type { InboxContext } from '../server';

/** Who is signed in, and signing out: this session, or every session of this person. */
export function registerAccountRoutes(ctx: InboxContext): void {
  const { app, page } = ctx;

  app.get('/account', async (request, reply) => {
    const session = ctx.session(request);
    const pageSession = ctx.pageSession(request, reply);
    if (!session || !pageSession) return page(reply, 401, ctx.signInPage(reply, { next: '/account' }));
    return page(reply, 200, accountPage(session, pageSession));
  });

  // Revokes the session in the store: its cookie is refused from now on, also where it was copied to.
  // A session from the identity provider ends there too (the provider may ask to confirm).
  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = ctx.session(request);
    await ctx.sessions.end(reply, session);
    if (session) request.log.info({ event: 'inbox.sign-out', email: session.email, via: session.via }, 'signed out');
    const atProvider = session?.via === 'oidc' ? await ctx.oidc?.signOutUrl() : undefined;
    return reply.redirect(atProvider ?? '/', 303);
  });

  app.post('/sign-out/everywhere', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = ctx.session(request);
    if (!session) return page(reply, 401, messagePage('Sign in first', 'Your session has ended already.'));
    const revoked = await ctx.sessions.endEverywhere(reply, session);
    request.log.info({ event: 'inbox.sign-out-everywhere', email: session.email, revoked }, 'signed out everywhere');
    return page(
      reply,
      200,
      messagePage('Signed out everywhere', `${revoked} ${revoked === 1 ? 'session' : 'sessions'} of ${session.email} ended, in every browser.`),
    );
  });
}
