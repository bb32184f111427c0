import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { chromiumPath, freePort } from '@org/orchestrator-testing';
import type { OidcConfig } from '../config';
import { OIDC_CALLBACK_PATH } from '../config';
import { OidcSignIn } from '../oidc-sign-in';
import { buildInboxServer } from '../server';
import type { InboxStore } from '../store/inbox-store';
import { openSqliteInboxStore } from '../store/sqlite-inbox-store';
import type { TestOidcProvider } from './support/oidc-provider';
import { startTestOidcProvider } from './support/oidc-provider';
import { listenOnLoopback, noTemporal, testInboxConfig } from './support/test-inbox';

// OpenID Connect sign-in in a real browser (Debian's Chromium, driven by playwright-core) against
// a real OpenID provider (panva's oidc-provider, its own process on loopback), and the attacker's
// ways in: another state, a replayed callback or code, an unlisted or unverified address, another issuer.
// This inbox offers OpenID Connect only (magic links off). No route here reaches Temporal.

const SECRET = 'oidc-browser-test-secret-0123456789abcdef';
const CLIENT = { id: 'task-inbox', secret: 'task-inbox-client-secret-0123456789' };
const APPROVER = 'approver@orchestrator.test';
const AGENT = 'agent@orchestrator.test';
const QUIET_AGENT = 'quiet.agent@orchestrator.test';
const BUTTON = 'Sign in with Test SSO';

let provider: TestOidcProvider;
let store: InboxStore;
let inbox: FastifyInstance;
let oidcConfig: OidcConfig;
let baseUrl: string;
let browser: Browser;

/**
 * The provider's answers the next sign-in brings back are held here (answered 204, not processed),
 * as an attacker who read them (a proxy log, a browser history) would hold them. Playwright's
 * routes do not see requests that follow a redirect, so the inbox's test instance records them.
 */
let holdNext: ((answer: { url: string; pending: string | undefined }) => void) | undefined;

function holdCallback(): Promise<{ url: string; pending: string | undefined }> {
  return new Promise((resolve) => (holdNext = resolve));
}

/** An inbox on `port` signing in with `oidc` only. */
async function startInbox(port: number, oidc: OidcConfig): Promise<FastifyInstance> {
  const config = testInboxConfig(SECRET, { port, baseUrl: `http://127.0.0.1:${port}`, sessionTtlMs: 3600_000, magicLinks: false, oidc });
  const app = await buildInboxServer({
    config,
    client: noTemporal,
    people: { approvers: [APPROVER], agents: [AGENT, QUIET_AGENT] },
    store,
    oidc: new OidcSignIn({ config: oidc, secret: SECRET, store }),
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!holdNext || !request.url.startsWith(`${OIDC_CALLBACK_PATH}?`)) return;
    const hold = holdNext;
    holdNext = undefined;
    hold({ url: `${baseUrl}${request.url}`, pending: /(?:^|;\s*)inbox_oidc=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] });
    await reply.code(204).send();
  });
  await listenOnLoopback(app, port);
  return app;
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  provider = await startTestOidcProvider({
    client: { ...CLIENT, redirectUri: `${baseUrl}${OIDC_CALLBACK_PATH}`, postLogoutRedirectUri: `${baseUrl}/` },
    accounts: {
      approver: { email: APPROVER, email_verified: true },
      mallory: { email: 'mallory@example.com', email_verified: true },
      unverified: { email: AGENT, email_verified: false },
      // A provider that does not say whether it verified: accepted (many list verified addresses only).
      quiet: { email: QUIET_AGENT },
    },
  });
  store = openSqliteInboxStore(':memory:');
  oidcConfig = {
    issuerUrl: provider.issuer,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    scopes: ['openid', 'email'],
    name: 'Test SSO',
    redirectUri: `${baseUrl}${OIDC_CALLBACK_PATH}`,
  };
  inbox = await startInbox(port, oidcConfig);
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await inbox?.close();
  await store?.close();
  await provider?.stop();
});

/** A fresh browser profile; the provider's pages ask for a web font, which this offline machine cannot load. */
async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  return context;
}

/** From the inbox's sign-in page through the provider's sign-in and consent pages, as `login`. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${baseUrl}/account`);
  await page.getByRole('button', { name: BUTTON }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const sessionCookie = async (context: BrowserContext) => (await context.cookies(baseUrl)).find((c) => c.name === 'inbox_session');

describe('OpenID Connect sign-in in a real browser', () => {
  it('signs a listed person in at the provider (code flow, PKCE, state, nonce) with the same session as a magic link', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const authorizations: URL[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${provider.issuer}/auth`)) authorizations.push(new URL(request.url()));
    });
    await page.goto(`${baseUrl}/account`);
    // Magic links are off here: no form, and no route that would send one.
    expect(await page.getByLabel('Email address').count()).toBe(0);
    expect((await fetch(`${baseUrl}/sign-in`, { method: 'POST', body: new URLSearchParams({ email: APPROVER }) })).status).toBe(404);
    await signInAtProvider(page, 'approver');
    await page.getByTestId('account-email').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.getByTestId('account-email').textContent()).toBe(APPROVER);
    expect(await page.getByTestId('account-via').textContent()).toBe('your identity provider');

    const auth = authorizations[0]!.searchParams;
    expect({
      method: auth.get('code_challenge_method'),
      challenge: auth.get('code_challenge')?.length,
      scope: auth.get('scope'),
      client: auth.get('client_id'),
    }).toEqual({
      method: 'S256',
      challenge: 43,
      scope: 'openid email',
      client: CLIENT.id,
    });
    expect(auth.get('state')).toMatch(/^[\w-]{43}$/);
    expect(auth.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(await sessionCookie(context)).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect((await context.cookies(`${baseUrl}/sign-in/oidc`)).map((c) => c.name)).not.toContain('inbox_oidc');

    // The same session as a magic link's: sign out everywhere revokes it.
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByText('1 session of approver@orchestrator.test ended').waitFor();
    await page.goto(`${baseUrl}/account`);
    expect(await page.getByRole('button', { name: BUTTON }).count()).toBe(1);
    await context.close();
  }, 60_000);

  it('signs out at the provider too: its end-session page comes back to the inbox, and the next sign-in asks for the password again', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'approver');
    await page.getByTestId('account-email').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    // The provider asks to confirm (RP-initiated logout by client id), then sends the browser back.
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.getByRole('button', { name: /yes/i }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await sessionCookie(context)).toBeUndefined();
    // The provider's session ended as well: signing in again means its sign-in page, not a silent return.
    await page.goto(`${baseUrl}/account`);
    await page.getByRole('button', { name: BUTTON }).click();
    await page.locator('input[name="login"]').waitFor();
    await context.close();
  }, 60_000);

  it('accepts an address the provider does not say it verified (no email_verified claim)', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'quiet');
    await page.getByTestId('account-email').waitFor();
    expect(await page.getByTestId('account-email').textContent()).toBe(QUIET_AGENT);
    await context.close();
  }, 60_000);

  it.each([
    ['an address on no list', 'mallory', 403, 'This address may not use the inbox.'],
    ['an address the provider has not verified', 'unverified', 400, 'has not verified your email address'],
  ])(
    'refuses %s with a clear page and no session',
    async (_case, login, status, text) => {
      const context = await newContext();
      const page = await context.newPage();
      const callback = page.waitForResponse((response) => response.url().includes(OIDC_CALLBACK_PATH));
      await signInAtProvider(page, login);
      expect((await callback).status()).toBe(status);
      await page.getByText(text).waitFor();
      await page.getByText('Nobody was signed in.').waitFor();
      expect(await sessionCookie(context)).toBeUndefined();
      await context.close();
    },
    60_000,
  );

  it('refuses an answer for another state, and one claiming another issuer (mix-up)', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const held = holdCallback();
    await signInAtProvider(page, 'approver');
    const callback = new URL((await held).url);

    const otherState = new URL(callback);
    otherState.searchParams.set('state', 'a'.repeat(43));
    const refusedState = await page.goto(otherState.href);
    expect(refusedState!.status()).toBe(400);
    await page.getByText('was not started in this browser').waitFor();
    expect(await sessionCookie(context)).toBeUndefined();

    // A fresh sign-in whose answer names another issuer (RFC 9207): the client refuses it.
    const heldAgain = holdCallback();
    await page.goto(`${baseUrl}/account`);
    await page.getByRole('button', { name: BUTTON }).click(); // the provider remembers the person: straight back
    const answer = new URL((await heldAgain).url);
    expect(answer.searchParams.get('iss')).toBe(provider.issuer);
    answer.searchParams.set('iss', 'https://evil.example');
    const refusedIssuer = await page.goto(answer.href);
    expect(refusedIssuer!.status()).toBe(400);
    await page.getByText('did not confirm who you are').waitFor();
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  }, 60_000);

  it('refuses a replayed callback in another browser, and the provider refuses a replayed code', async () => {
    const victim = await newContext();
    const page = await victim.newPage();
    const held = holdCallback();
    await signInAtProvider(page, 'approver');
    const stolen = await held;
    const pending = stolen.pending!;
    expect(pending).toMatch(/^[\w-]+\.[\w-]{43}$/);
    await page.goto(stolen.url); // delivered once, as the provider meant it: the victim is signed in
    await page.getByTestId('account-email').waitFor();

    const attacker = await newContext();
    await attacker.addCookies([{ name: 'inbox_oidc', value: pending, url: `${baseUrl}/sign-in/oidc` }]);
    const attackerPage = await attacker.newPage();
    const replay = await attackerPage.goto(stolen.url);
    expect(replay!.status()).toBe(400);
    await attackerPage.getByText('was finished already').waitFor();
    expect(await sessionCookie(attacker)).toBeUndefined();

    // Even an inbox that had forgotten the used state (another store) gets nothing for the code: the provider redeems it once.
    const forgetful = openSqliteInboxStore(':memory:');
    try {
      const query = new URL(stolen.url).search;
      await expect(new OidcSignIn({ config: oidcConfig, secret: SECRET, store: forgetful }).finish(query, pending)).rejects.toMatchObject({
        reason: 'provider',
        message: expect.stringContaining('invalid_grant'),
      });
    } finally {
      await forgetful.close();
    }
    await victim.close();
    await attacker.close();
  }, 60_000);

  it('refuses a provider whose discovery document names another issuer, before sending anyone there', async () => {
    const port = await freePort();
    // Same provider, reached as "localhost": its metadata says 127.0.0.1, so it is not the configured issuer.
    const mismatched = await startInbox(port, { ...oidcConfig, issuerUrl: provider.issuer.replace('127.0.0.1', 'localhost') });
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/account`);
      const started = page.waitForResponse((response) => response.url().endsWith('/sign-in/oidc'));
      await page.getByRole('button', { name: BUTTON }).click();
      expect((await started).status()).toBe(503);
      await page.getByText('The identity provider cannot be used right now.').waitFor();
      expect(new URL(page.url()).port).toBe(String(port));
      expect((await context.cookies(`http://127.0.0.1:${port}`)).map((c) => c.name)).not.toContain('inbox_session');
    } finally {
      await context.close();
      await mismatched.close();
    }
  }, 60_000);
});
