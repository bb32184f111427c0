import type { Session } from '../session';
import { html, when } from './html';
import type { PageSession } from './layout';
import { layout } from './layout';

const METHODS: Record<Session['via'], string> = { link: 'an emailed sign-in link', oidc: 'your identity provider' };

/** Who is signed in, how and until when, with both ways to sign out. */
export function accountPage(session: Session, pageSession: PageSession): string {
  return layout(
    'Your session',
    html`<h1>Your session</h1>
      <dl class="card">
        <dt>Signed in as</dt>
        <dd data-testid="account-email">${session.email}</dd>
        <dt>With</dt>
        <dd data-testid="account-via">${METHODS[session.via]}</dd>
        <dt>Since</dt>
        <dd>${when(new Date(session.createdAt).toISOString())}</dd>
        <dt>Until</dt>
        <dd>${when(new Date(session.expiresAt).toISOString())}</dd>
      </dl>
      <form method="post" action="/sign-out/everywhere" class="card">
        <input type="hidden" name="_csrf" value="${pageSession.csrf}" />
        <p>Lost a device, or signed in on a shared computer? End every session of ${session.email}, in every browser.</p>
        <button type="submit">Sign out everywhere</button>
      </form>`,
    pageSession,
  );
}
