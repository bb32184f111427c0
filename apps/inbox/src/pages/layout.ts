import type { SafeHtml } from './html';
import { html } from './html';

/** Who is signed in and their CSRF token, for the page header's sign-out form. */
export interface PageSession {
  email: string;
  csrf: string;
}

/** The page frame: title, local assets only (no CDN), header with the signed-in person. */
export function layout(title: string, body: SafeHtml, session?: PageSession): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Task inbox</title>
        <link rel="stylesheet" href="/assets/inbox.css" />
        <script src="/assets/inbox.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">Task inbox</a>
          ${
            session
              ? html`<form method="post" action="/sign-out" class="sign-out">
                  <span>Signed in as <strong data-testid="identity">${session.email}</strong></span>
                  <a href="/account">Your session</a>
                  <input type="hidden" name="_csrf" value="${session.csrf}" />
                  <button type="submit">Sign out</button>
                </form>`
              : ''
          }
        </header>
        <main id="main">${body}</main>
      </body>
    </html>`.value;
}

/** A short page with a heading and a message (refusals, confirmations). */
export function messagePage(title: string, message: SafeHtml | string, session?: PageSession): string {
  return layout(
    title,
    html`<h1>${title}</h1>
      <div class="message" role="status">${message}</div>
      <p><a href="/">Back to my tasks</a></p>`,
    session,
  );
}
