import { SignedTokenError } from '@org/orchestrator-contracts/client';
import { mayUseInbox } from '../config';
import { messagePage } from '../pages/layout';
import { signInConfirmPage, signInSentPage } from '../pages/sign-in';
import type { InboxContext } from '../server';
import { SignInLinkUsedError, safeNext } from '../sign-in-links';

const ADDRESS = /^[^\s@<>"(),;:\\[\]]{1,64}@[^\s@<>"(),;:\\[\]]{1,255}$/;

/** Why a sign-in link was refused, fit to show. */
export function linkRefusal(error: unknown): string | undefined {
  if (error instanceof SignInLinkUsedError) return 'This sign-in link was used already. Ask for a new one.';
  if (error instanceof SignedTokenError) {
    return error.reason === 'expired' ? 'This link has expired. Ask for a new one.' : 'This link is not valid.';
  }
  return undefined;
}

/** Sign-in by emailed link (magic link), confirmed by a POST (absent when magic links are off). */
export function registerSignInRoutes(ctx: InboxContext): void {
  const { app, page } = ctx;
  const signInLinks = ctx.signInLinks;
  if (!signInLinks) return;

  app.post<{ Body: { email?: string; next?: string } }>('/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const email = String(request.body?.email ?? '')
      .trim()
      .toLowerCase();
    if (!ADDRESS.test(email)) return page(reply, 400, ctx.signInPage(reply, { next: safeNext(request.body?.next), note: 'That is not an email address.' }));
    // Everyone gets the same answer; only listed addresses get mail (the page reveals no list).
    if (mayUseInbox(ctx.people, email)) {
      if (await signInLinks.send(email, safeNext(request.body?.next))) request.log.info({ event: 'inbox.sign-in.sent', email }, 'sign-in link sent');
      else request.log.warn({ event: 'inbox.sign-in.throttled', email }, 'too many sign-in links asked for this address; none sent');
    } else {
      request.log.warn({ event: 'inbox.sign-in.refused', email }, 'sign-in asked for an address on no list');
    }
    return page(reply, 200, signInSentPage());
  });

  app.get<{ Params: { token: string } }>('/sign-in/:token', async (request, reply) => {
    try {
      const claim = await signInLinks.peek(request.params.token);
      return page(reply, 200, signInConfirmPage(ctx.anonymousCsrf(reply), request.params.token, claim.email));
    } catch (error) {
      const refusal = linkRefusal(error);
      if (!refusal) throw error;
      return page(reply, 400, messagePage('Link refused', refusal));
    }
  });

  app.post<{ Body: { token?: string } }>('/sign-in/confirm', { preHandler: app.csrfProtection }, async (request, reply) => {
    try {
      const claim = await signInLinks.redeem(String(request.body?.token ?? ''));
      // The lists may have changed since the link was sent.
      if (!mayUseInbox(ctx.people, claim.email)) return page(reply, 403, messagePage('Refused', 'This address may not use the inbox.'));
      await ctx.sessions.start(reply, claim.email, 'link');
      request.log.info({ event: 'inbox.sign-in', email: claim.email }, 'signed in');
      return reply.redirect(claim.next, 303);
    } catch (error) {
      const refusal = linkRefusal(error);
      if (!refusal) throw error;
      return page(reply, 400, messagePage('Link refused', refusal));
    }
  });
}
