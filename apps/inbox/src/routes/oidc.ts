import type { FastifyReply } from 'fastify';
import { mayUseInbox } from '../config';
import { messagePage } from '../pages/layout';
import type { OidcRefusal } from '../oidc-sign-in';
import { OIDC_PENDING_COOKIE, OIDC_PENDING_TTL_MS, OidcSignInError } from '../oidc-sign-in';
import type { InboxContext } from '../server';
import { cookieOptions } from '../session';

const PENDING_PATH = '/sign-in/oidc';

/** What a refused person reads (the details go to the log only). */
const REFUSALS: Record<OidcRefusal | 'not-listed', string> = {
  state: 'This sign-in was not started in this browser, or it took too long. Start again from the sign-in page.',
  used: 'This sign-in was finished already. Start again from the sign-in page.',
  provider: 'The identity provider did not confirm who you are. Start again from the sign-in page.',
  unavailable: 'The identity provider cannot be used right now. Try again later, or sign in by emailed link if the inbox offers it.',
  'no-email': 'The identity provider did not tell the inbox your email address, so the inbox cannot tell what waits for you.',
  'email-unverified': 'The identity provider has not verified your email address. Verify it there, then sign in again.',
  'not-listed': 'This address may not use the inbox.',
};

/**
 * OpenID Connect sign-in (when configured): a POST starts it (CSRF-checked) and sends the browser
 * to the provider; the provider sends it back to the callback, which starts the same session as a
 * magic link does, for an address on the lists only.
 */
export function registerOidcRoutes(ctx: InboxContext): void {
  const { app, page } = ctx;
  const oidc = ctx.oidc;
  if (!oidc) return;
  // The pending cookie is itself a signed token; it goes only to the sign-in paths.
  const pendingCookie = { ...cookieOptions(ctx.config.secureCookies, OIDC_PENDING_TTL_MS, PENDING_PATH), signed: false };
  const refuse = (reply: FastifyReply, status: number, reason: OidcRefusal | 'not-listed') => {
    reply.clearCookie(OIDC_PENDING_COOKIE, { ...pendingCookie, maxAge: undefined });
    return page(reply, status, messagePage('Sign-in refused', `${REFUSALS[reason]} Nobody was signed in.`));
  };

  app.post<{ Body: { next?: string } }>('/sign-in/oidc', { preHandler: app.csrfProtection }, async (request, reply) => {
    try {
      const { authorizationUrl, pending } = await oidc.begin(String(request.body?.next ?? '/'));
      reply.setCookie(OIDC_PENDING_COOKIE, pending, pendingCookie);
      return reply.redirect(authorizationUrl, 303);
    } catch (error) {
      if (!(error instanceof OidcSignInError)) throw error;
      request.log.error({ event: 'inbox.oidc.refused', reason: error.reason, err: error }, error.message);
      return refuse(reply, 503, error.reason);
    }
  });

  app.get('/sign-in/oidc/callback', async (request, reply) => {
    const url = request.raw.url ?? '';
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    try {
      const identity = await oidc.finish(query, request.cookies[OIDC_PENDING_COOKIE]);
      reply.clearCookie(OIDC_PENDING_COOKIE, { ...pendingCookie, maxAge: undefined });
      // The same lists as magic links: a provider vouches for who someone is, the lists for what they may do.
      if (!mayUseInbox(ctx.people, identity.email)) {
        request.log.warn(
          { event: 'inbox.oidc.refused', reason: 'not-listed', email: identity.email, subject: identity.subject },
          'OpenID Connect sign-in for an address on no list',
        );
        return refuse(reply, 403, 'not-listed');
      }
      await ctx.sessions.start(reply, identity.email, 'oidc');
      request.log.info({ event: 'inbox.sign-in', email: identity.email, via: 'oidc', subject: identity.subject }, 'signed in');
      return reply.redirect(identity.next, 303);
    } catch (error) {
      if (!(error instanceof OidcSignInError)) throw error;
      request.log.warn({ event: 'inbox.oidc.refused', reason: error.reason, err: error }, error.message);
      return refuse(reply, error.reason === 'unavailable' ? 503 : 400, error.reason);
    }
  });
}
