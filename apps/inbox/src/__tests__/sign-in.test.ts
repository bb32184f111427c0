import type { FastifyInstance } from 'fastify';
import { signToken } from '@org/orchestrator-contracts/client';
import { createSmtpTransport } from '@org/orchestrator-email';
import type { MailTransport } from '@org/orchestrator-email';
import type { SmtpSink } from '@org/orchestrator-testing';
import { startSmtpSink } from '@org/orchestrator-testing';
import { buildInboxServer } from '../server';
import { openSqliteInboxStore } from '../store/sqlite-inbox-store';
import { SignInLinks, safeNext } from '../sign-in-links';
import { HttpBrowser } from './support/http-browser';
import { listenOnLoopback, noTemporal, testInboxConfig, testSignInLinks } from './support/test-inbox';

// Sign-in, sessions and CSRF over HTTP against the real server and a real SMTP sink. No route
// here reaches Temporal: the client refuses to be used, so a test that did would fail.

const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const APPROVER = 'approver@orchestrator.test';

let sink: SmtpSink;
let transport: MailTransport;
let app: FastifyInstance;
const store = openSqliteInboxStore(':memory:');
let url: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = createSmtpTransport(sink.url);
  const config = testInboxConfig(SECRET);
  const signInLinks = testSignInLinks(config, store, transport);
  app = await buildInboxServer({ config, client: noTemporal, people: { approvers: [APPROVER], agents: [] }, store, signInLinks });
  url = await listenOnLoopback(app);
}, 30_000);
afterAll(async () => {
  await app?.close();
  await store.close();
  await transport?.close();
  await sink?.close();
});

/** A browser in miniature on this test's inbox. */
class Browser extends HttpBrowser {
  constructor() {
    super(() => url);
  }
}

async function mailedLink(to: string, count: number): Promise<string> {
  for (let i = 0; i < 100 && sink.received.filter((m) => m.envelope.to.includes(to)).length < count; i++) await new Promise((r) => setTimeout(r, 50));
  const mails = sink.received.filter((m) => m.envelope.to.includes(to));
  expect(mails).toHaveLength(count);
  const link = /http:\/\/inbox\.test(\/sign-in\/\S+)/.exec(mails.at(-1)!.parsed.text ?? '')?.[1];
  if (!link) throw new Error('no sign-in link in the mail');
  return link;
}

describe('sign-in by mailed link', () => {
  it('signs a listed address in once: the GET only asks, the POST starts an HttpOnly SameSite session', async () => {
    const browser = new Browser();
    const front = await browser.request('/');
    expect(front.html).toContain('Email me a sign-in link');
    const sent = await browser.request('/sign-in', { method: 'POST', form: { _csrf: browser.csrf(front.html), email: APPROVER, next: '/threads/x' } });
    expect(sent.status).toBe(200);
    const link = await mailedLink(APPROVER, 1);

    const confirm = await browser.request(link);
    expect(confirm.status).toBe(200);
    expect(browser.has('inbox_session')).toBe(false); // opening the link signed nobody in
    const signedIn = await browser.request('/sign-in/confirm', { method: 'POST', form: { _csrf: browser.csrf(confirm.html), token: link.split('/').pop()! } });
    expect(signedIn).toMatchObject({ status: 303, location: '/threads/x' });
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('inbox_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    // The link works once, in this browser or any other.
    const again = await new Browser().request(link);
    expect(again.status).toBe(400);
    expect(again.html).toContain('used already');
  });

  it('answers an unlisted address like a listed one, and mails it nothing', async () => {
    const browser = new Browser();
    const front = await browser.request('/');
    const before = sink.received.length;
    const sent = await browser.request('/sign-in', { method: 'POST', form: { _csrf: browser.csrf(front.html), email: 'mallory@example.com' } });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('If this address may use the inbox');
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received.slice(before)).toEqual([]);
  });

  it('sends one address at most five links per link lifetime, answering the same page', async () => {
    const flooded = 'flooded@orchestrator.test';
    const links = new SignInLinks({
      store,
      secret: SECRET,
      baseUrl: 'http://inbox.test',
      ttlMs: 60_000,
      transport,
      from: { address: 'inbox@orchestrator.test' },
    });
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await links.send(flooded, '/', 1_000_000 + i));
    expect(sent).toEqual([true, true, true, true, true, false, false]);
    expect(await links.send(flooded, '/', 1_000_000 + 60_001)).toBe(true); // the first ones expired
    await mailedLink(flooded, 6);
  });

  it('refuses a POST without a CSRF token, with another session’s token, or without the CSRF cookie', async () => {
    const browser = new Browser();
    const front = await browser.request('/');
    expect((await browser.request('/sign-in', { method: 'POST', form: { email: APPROVER } })).status).toBe(403);
    expect((await new Browser().request('/sign-in', { method: 'POST', form: { _csrf: browser.csrf(front.html), email: APPROVER } })).status).toBe(403);
    expect((await browser.request('/sign-in', { method: 'POST', form: { _csrf: 'forged-token', email: APPROVER } })).status).toBe(403);
    expect((await browser.request('/sign-out', { method: 'POST', form: {} })).status).toBe(403);
  });

  it('refuses forged, expired and wrong-purpose sign-in links', async () => {
    const browser = new Browser();
    const expired = signToken(SECRET, 'inbox-sign-in', { email: APPROVER, next: '/', id: 'x' }, Date.now() - 1);
    const forged = signToken('another-secret-another-secret-0123456789', 'inbox-sign-in', { email: APPROVER, next: '/', id: 'y' }, Date.now() + 60_000);
    const decisionToken = signToken(SECRET, 'decision-link', { email: APPROVER, next: '/', id: 'z' }, Date.now() + 60_000);
    for (const [token, text] of [
      [expired, 'expired'],
      [forged, 'not valid'],
      [decisionToken, 'not valid'],
      ['garbage', 'not valid'],
      ['a'.repeat(4000), 'not valid'],
    ] as const) {
      const page = await browser.request(`/sign-in/${token}`);
      expect({ status: page.status, text: page.html.includes(text) }).toEqual({ status: 400, text: true });
    }
    expect((await browser.request(`/sign-in/${'a'.repeat(5000)}`)).status).toBe(414);
  });

  it('sets security headers and escapes what it echoes', async () => {
    const page = await new Browser().request('/sign-in', { method: 'POST', form: { email: '<script>' } });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.html).not.toContain('<script>alert');
  });
});

describe(safeNext, () => {
  it('keeps paths of this inbox and drops anything that leaves it', () => {
    expect(safeNext('/threads/%3Ca%40b%3E')).toBe('/threads/%3Ca%40b%3E');
    for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', 42, undefined]) expect(safeNext(evil)).toBe('/');
  });
});
