import type { SafeHtml } from './html';
import { html } from './html';
import { layout } from './layout';

/** What a sign-in page shows: where to go next, a note, a prefilled address. */
export interface SignInOptions {
  next?: string;
  email?: string;
  note?: string;
}

/** The sign-in methods an inbox offers. */
export interface SignInMethods {
  magicLinks: boolean;
  /** The identity provider's name, when OpenID Connect is configured. */
  oidcName?: string;
}

/** The button that starts an OpenID Connect sign-in, coming back to `next`. */
export function oidcForm(csrf: string, name: string, next: string): SafeHtml {
  return html`<form method="post" action="/sign-in/oidc" class="card">
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="next" value="${next}" />
    <button type="submit">Sign in with ${name}</button>
  </form>`;
}

/** The sign-in page: the provider's button (OpenID Connect) and/or the form for an emailed link. */
export function signInPage(csrf: string, options: SignInOptions & SignInMethods): string {
  const next = options.next ?? '/';
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
      ${options.oidcName ? oidcForm(csrf, options.oidcName, next) : ''}
      ${
        options.magicLinks
          ? html`<p>${options.note ?? 'Enter your work address. If it may use the inbox, we email you a sign-in link.'}</p>
              <form method="post" action="/sign-in" class="card">
                <input type="hidden" name="_csrf" value="${csrf}" />
                <input type="hidden" name="next" value="${next}" />
                <label for="email">Email address</label>
                <input id="email" name="email" type="email" autocomplete="email" required value="${options.email ?? ''}" />
                <button type="submit">Email me a sign-in link</button>
              </form>`
          : ''
      }`,
  );
}

/** Shown after a sign-in request, whatever the address (so the page tells nobody who is on the lists). */
export function signInSentPage(): string {
  return layout(
    'Check your mail',
    html`<h1>Check your mail</h1>
      <p role="status">If this address may use the inbox, a sign-in link is on its way. It is valid for 15 minutes and works once.</p>`,
  );
}

/**
 * What a sign-in link opens: a button, not a session. Mail scanners fetch every link in a mail;
 * only a person's click (a POST) signs in, so a scanner cannot use the link up.
 */
export function signInConfirmPage(csrf: string, token: string, email: string): string {
  return layout(
    'Confirm sign-in',
    html`<h1>Sign in as ${email}</h1>
      <form method="post" action="/sign-in/confirm" class="card">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="token" value="${token}" />
        <button type="submit">Continue to the inbox</button>
      </form>`,
  );
}
