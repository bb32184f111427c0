import type { FastifyInstance } from 'fastify';
import { createSmtpTransport } from '@org/orchestrator-email';
import type { MailTransport } from '@org/orchestrator-email';
import type { SmtpSink } from '@org/orchestrator-testing';
import { DATABASE_KINDS, startSmtpSink, testDatabases } from '@org/orchestrator-testing';
import { buildInboxServer } from '../server';
import type { InboxStore } from '../store/inbox-store';
import { openInboxStore } from '../store/open-inbox-store';
import { HttpBrowser } from './support/http-browser';
import { listenOnLoopback, noTemporal, testInboxConfig, testSignInLinks } from './support/test-inbox';

// Sessions and used sign-in links live in the inbox's store, so they survive a restart of the
// inbox and can be revoked: on SQLite (one host) and on PostgreSQL (a real throwaway cluster).
// Each "restart" closes the server and the store and opens both anew on the same database.

const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const APPROVER = 'approver@orchestrator.test';

let sink: SmtpSink;
let transport: MailTransport;
beforeAll(async () => {
  sink = await startSmtpSink();
  transport = createSmtpTransport(sink.url);
});
afterAll(async () => {
  await transport?.close();
  await sink?.close();
});

/** One inbox process: a store on `location`, a server on a free port. */
async function startInbox(location: string): Promise<{ url: string; store: InboxStore; app: FastifyInstance; stop(): Promise<void> }> {
  const store = location.startsWith('postgres')
    ? await openInboxStore({ dataDir: '/nonexistent', databaseUrl: location })
    : await openInboxStore({ dataDir: location });
  const config = testInboxConfig(SECRET, { sessionTtlMs: 3600_000 });
  const signInLinks = testSignInLinks(config, store, transport);
  const app = await buildInboxServer({ config, client: noTemporal, people: { approvers: [APPROVER], agents: [] }, store, signInLinks });
  const url = await listenOnLoopback(app);
  return {
    url,
    store,
    app,
    async stop() {
      await app.close();
      await store.close();
    },
  };
}

/** The newest sign-in link mailed to `to` (path only). */
async function mailedLink(to: string, count: number): Promise<string> {
  for (let i = 0; i < 100 && sink.received.filter((m) => m.envelope.to.includes(to)).length < count; i++) await new Promise((r) => setTimeout(r, 50));
  const mails = sink.received.filter((m) => m.envelope.to.includes(to));
  expect(mails).toHaveLength(count);
  const link = /http:\/\/inbox\.test(\/sign-in\/\S+)/.exec(mails.at(-1)!.parsed.text ?? '')?.[1];
  if (!link) throw new Error('no sign-in link in the mail');
  return link;
}

let mailed = 0;
/** Asks for a link and signs `browser` in with it; returns the link's path. */
async function signIn(browser: HttpBrowser): Promise<string> {
  const front = await browser.request('/');
  await browser.request('/sign-in', { method: 'POST', form: { _csrf: browser.csrf(front.html), email: APPROVER, next: '/account' } });
  const link = await mailedLink(APPROVER, ++mailed);
  const confirm = await browser.request(link);
  const signedIn = await browser.request('/sign-in/confirm', { method: 'POST', form: { _csrf: browser.csrf(confirm.html), token: link.split('/').pop()! } });
  expect(signedIn).toMatchObject({ status: 303, location: '/account' });
  return link;
}

const signedInAs = async (browser: HttpBrowser) => {
  const page = await browser.request('/account');
  return page.status === 200 ? /data-testid="account-email">([^<]+)</.exec(page.html)?.[1] : undefined;
};

describe.each(DATABASE_KINDS)('sessions and used links on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);

  /** A fresh database: a PostgreSQL URL, or a data folder for SQLite. */
  const freshLocation = async () => {
    const location = await databases.fresh('inbox');
    return kind === 'postgres' ? location : location.replace(/\.sqlite$/, '');
  };

  it('keeps a used sign-in link used and a session signed in across a restart of the inbox', async () => {
    const location = await freshLocation();
    let inbox = await startInbox(location);
    const browser = new HttpBrowser(() => inbox.url);
    const link = await signIn(browser);
    // An unused link, asked for (from another browser) but not used before the restart.
    const asker = new HttpBrowser(() => inbox.url);
    const front = await asker.request('/');
    await asker.request('/sign-in', { method: 'POST', form: { _csrf: asker.csrf(front.html), email: APPROVER } });
    const unused = await mailedLink(APPROVER, ++mailed);
    await inbox.stop();

    inbox = await startInbox(location);
    try {
      expect(await signedInAs(browser)).toBe(APPROVER);
      const replay = new HttpBrowser(() => inbox.url);
      const again = await replay.request(link);
      expect({ status: again.status, used: again.html.includes('used already') }).toEqual({ status: 400, used: true });
      // Even a replayed confirmation POST (the GET page skipped) is refused and starts no session.
      const other = await replay.request(unused);
      const refused = await replay.request('/sign-in/confirm', { method: 'POST', form: { _csrf: replay.csrf(other.html), token: link.split('/').pop()! } });
      expect(refused.status).toBe(400);
      expect(replay.has('inbox_session')).toBe(false);
      // The link that was not used before the restart still works, once.
      const confirmed = await replay.request('/sign-in/confirm', { method: 'POST', form: { _csrf: replay.csrf(other.html), token: unused.split('/').pop()! } });
      expect(confirmed.status).toBe(303);
      expect(await signedInAs(replay)).toBe(APPROVER);
    } finally {
      await inbox.stop();
    }
  }, 60_000);

  it('refuses the cookie of a signed-out session, also a copy of it, also after a restart', async () => {
    const location = await freshLocation();
    let inbox = await startInbox(location);
    const browser = new HttpBrowser(() => inbox.url);
    await signIn(browser);
    const stolen = new HttpBrowser(() => inbox.url);
    stolen.setCookie('inbox_session', browser.cookie('inbox_session')!);
    expect(await signedInAs(stolen)).toBe(APPROVER); // a copied cookie works until the session ends

    const account = await browser.request('/account');
    const out = await browser.request('/sign-out', { method: 'POST', form: { _csrf: browser.csrf(account.html) } });
    expect(out).toMatchObject({ status: 303, location: '/' });
    expect(browser.has('inbox_session')).toBe(false);
    expect(await signedInAs(stolen)).toBeUndefined();
    const front = await stolen.request('/');
    expect(front.html).toContain('Email me a sign-in link');
    // A form POST with the revoked cookie (and a token from when it was live) is refused too.
    const refused = await stolen.request('/sign-out/everywhere', { method: 'POST', form: { _csrf: stolen.csrf(account.html) } });
    expect(refused.status).toBe(403);

    await inbox.stop();
    inbox = await startInbox(location);
    try {
      expect(await signedInAs(stolen)).toBeUndefined();
    } finally {
      await inbox.stop();
    }
  }, 60_000);

  it('signs one person out everywhere: every browser of theirs, and only theirs', async () => {
    const location = await freshLocation();
    const inbox = await startInbox(location);
    try {
      const laptop = new HttpBrowser(() => inbox.url);
      const phone = new HttpBrowser(() => inbox.url);
      await signIn(laptop);
      await signIn(phone);
      // Someone else's session, straight in the store: untouched by this person's sign-out.
      await inbox.store.createSession('x'.repeat(43), { email: 'other@orchestrator.test', via: 'link', createdAt: Date.now(), expiresAt: Date.now() + 60_000 });

      const account = await phone.request('/account');
      expect(account.html).toContain('an emailed sign-in link');
      const out = await phone.request('/sign-out/everywhere', { method: 'POST', form: { _csrf: phone.csrf(account.html) } });
      expect(out.status).toBe(200);
      expect(out.html).toContain('2 sessions of approver@orchestrator.test ended');
      expect(await signedInAs(laptop)).toBeUndefined();
      expect(await signedInAs(phone)).toBeUndefined();
      expect(await inbox.store.findSession('x'.repeat(43), Date.now())).toMatchObject({ email: 'other@orchestrator.test' });
    } finally {
      await inbox.stop();
    }
  }, 60_000);

  it('marks a token used once when two requests race, and forgets only what expired', async () => {
    const inbox = await startInbox(await freshLocation());
    try {
      const { store } = inbox;
      const now = Date.now();
      const results = await Promise.all(Array.from({ length: 8 }, () => store.useOnce('raced-token', now + 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      await store.useOnce('old-token', now - 1);
      await store.createSession('o'.repeat(43), { email: APPROVER, via: 'oidc', createdAt: now - 10, expiresAt: now - 1 });
      expect(await store.findSession('o'.repeat(43), now)).toBeUndefined(); // expired
      await store.prune(now);
      expect(await store.isUsed('raced-token')).toBe(true);
      expect(await store.isUsed('old-token')).toBe(false);
    } finally {
      await inbox.stop();
    }
  }, 60_000);

  it('shares the sign-in link budget of an address between inbox processes, also when they race', async () => {
    const location = await freshLocation();
    const first = await startInbox(location);
    const second = await startInbox(location);
    try {
      const now = Date.now();
      const asked = Array.from({ length: 12 }, (_, i) => (i % 2 ? first : second).store.countSignInLink(APPROVER, now, now + 60_000, 5));
      expect((await Promise.all(asked)).filter(Boolean)).toHaveLength(5);
      // Another address has its own budget; once the first links expire, the address gets links again.
      expect(await first.store.countSignInLink('other@orchestrator.test', now, now + 60_000, 5)).toBe(true);
      expect(await second.store.countSignInLink(APPROVER, now + 60_000, now + 120_000, 5)).toBe(true);
      await first.store.prune(now + 60_000);
      expect(await first.store.countSignInLink(APPROVER, now + 60_001, now + 120_001, 1)).toBe(false); // the one of now + 60 s still counts
    } finally {
      await first.stop();
      await second.stop();
    }
  }, 60_000);
});
