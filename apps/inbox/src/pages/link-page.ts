import type { ApprovalState } from '@org/orchestrator-contracts';
import type { DecisionLink } from '@org/orchestrator-contracts/client';
import { html, money, threadPath, when } from './html';
import type { PageSession } from './layout';
import { layout } from './layout';
import type { SignInMethods } from './sign-in';
import { oidcForm } from './sign-in';

/**
 * What a one-click link opens: the decision and a confirm button. The GET changes nothing (mail
 * scanners fetch every link); only this form's POST, by the approver, decides.
 */
export function linkConfirmPage(token: string, link: DecisionLink, approval: ApprovalState, session: PageSession): string {
  const verb = link.decision === 'approved' ? 'Approve' : 'Reject';
  return layout(
    `${verb} ${link.subject}`,
    html`<h1>${verb} the ${link.subject} of ${money(approval.amount, approval.currency)}?</h1>
      <p>Why a person decides: ${approval.reason}. Requested ${when(approval.requestedAt)}${approval.requestedBy ? ` by ${approval.requestedBy}` : ''}.</p>
      <p><a href="${threadPath(link.threadId)}">See everything about it first</a></p>
      <form method="post" action="/links/${token}" class="card" data-testid="link-confirm">
        <input type="hidden" name="_csrf" value="${session.csrf}" />
        <label for="comment">Comment (optional)</label>
        <textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>
        <div class="actions"><button type="submit" class="${link.decision === 'approved' ? 'approve' : 'reject'}">${verb}</button></div>
      </form>`,
    session,
  );
}

/**
 * A link for someone else than who is signed in (or nobody is): sign in as its approver first, by
 * a link mailed to that address or at the identity provider (which must answer with that address).
 */
export function linkSignInPage(csrf: string, token: string, link: DecisionLink, methods: SignInMethods, signedInAs?: string): string {
  const next = `/links/${token}`;
  return layout(
    'Sign in to decide',
    html`<h1>Sign in to decide</h1>
      <p>This link is for ${link.approver}.${signedInAs ? ` You are signed in as ${signedInAs}.` : ''} Sign in as that address; it brings you back here.</p>
      ${methods.oidcName ? oidcForm(csrf, methods.oidcName, next) : ''}
      ${
        methods.magicLinks
          ? html`<form method="post" action="/sign-in" class="card">
              <input type="hidden" name="_csrf" value="${csrf}" />
              <input type="hidden" name="next" value="${next}" />
              <input type="hidden" name="email" value="${link.approver}" />
              <button type="submit">Email ${link.approver} a sign-in link</button>
            </form>`
          : ''
      }`,
  );
}
