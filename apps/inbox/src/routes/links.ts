import type { DecisionLink } from '@org/orchestrator-contracts/client';
import { SignedTokenError, verifyDecisionLink } from '@org/orchestrator-contracts/client';
import { alreadyDecided, approvalOf, decideOnApproval, threadStateOrNone } from '../decide';
import { threadPath } from '../pages/html';
import { messagePage } from '../pages/layout';
import { linkConfirmPage, linkSignInPage } from '../pages/link-page';
import type { InboxContext } from '../server';

const REFUSALS: Record<SignedTokenError['reason'], string> = {
  malformed: 'This link is not a decision link of this inbox.',
  forged: 'This link is not valid: it was altered or not made by this inbox.',
  expired: 'This link has expired. Open the task in the inbox to decide.',
  'wrong-purpose': 'This link is not a decision link.',
};

/**
 * One-click links from approval emails: `GET /links/<token>` only shows what would be decided;
 * the approver's POST (signed in as the link's approver, CSRF-checked) decides, with the link's
 * id as the update id, so a link used twice decides once.
 */
export function registerLinkRoutes(ctx: InboxContext): void {
  const { app, page } = ctx;

  const readLink = (token: string): DecisionLink | { refused: string } => {
    try {
      return verifyDecisionLink(ctx.config.secret, token);
    } catch (error) {
      if (error instanceof SignedTokenError) return { refused: REFUSALS[error.reason] };
      throw error;
    }
  };

  app.get<{ Params: { token: string } }>('/links/:token', async (request, reply) => {
    const link = readLink(request.params.token);
    if ('refused' in link) return page(reply, 400, messagePage('Link refused', link.refused));
    const session = ctx.pageSession(request, reply);
    if (!session || session.email !== link.approver.toLowerCase()) {
      return page(reply, 401, linkSignInPage(ctx.anonymousCsrf(reply), request.params.token, link, ctx.signInMethods, session?.email));
    }
    const state = await threadStateOrNone(ctx.client, link.threadId);
    const approval = state && approvalOf(state);
    if (!approval || approval.subject !== link.subject || approval.requestedAt !== link.slot) {
      return page(reply, 410, messagePage('Link out of date', 'This link is for an approval the thread no longer waits for. Nothing changed.', session));
    }
    if (approval.status !== 'pending') return page(reply, 409, messagePage('Already decided', alreadyDecided(approval), session));
    return page(reply, 200, linkConfirmPage(request.params.token, link, approval, session));
  });

  app.post<{ Params: { token: string }; Body: { comment?: string } }>('/links/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const link = readLink(request.params.token);
    if ('refused' in link) return page(reply, 400, messagePage('Link refused', link.refused));
    const session = ctx.session(request);
    if (!session || session.email !== link.approver.toLowerCase()) {
      return page(reply, 403, messagePage('Refused', `Only ${link.approver}, signed in, can use this link. Nothing changed.`));
    }
    const outcome = await decideOnApproval(ctx.client, link.threadId, {
      subject: link.subject,
      decision: link.decision,
      slot: link.slot,
      approver: session.email,
      comment: String(request.body?.comment ?? '').trim() || undefined,
      via: 'link',
      updateId: link.id,
    });
    if (!outcome.ok) return page(reply, outcome.status, messagePage('Not done', outcome.message, ctx.pageSession(request, reply)));
    ctx.tasks.forget();
    request.log.info(
      { event: 'inbox.decision', threadId: link.threadId, decision: link.decision, by: session.email, via: 'link', updateId: link.id },
      outcome.message,
    );
    return reply.redirect(`${threadPath(link.threadId)}?flash=${link.decision}`, 303);
  });
}
