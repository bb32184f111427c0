import type * as OpenIdClient from 'openid-client';
import { OrchestratorError } from '@org/orchestrator-contracts';
import { SignedTokenError, signToken, verifyToken } from '@org/orchestrator-contracts/client';
import type { OidcConfig } from './config';
import { safeNext } from './sign-in-links';
import type { InboxStore } from './store/inbox-store';

const PENDING_PURPOSE = 'inbox-oidc';

/** The cookie that carries a started sign-in (state, nonce, PKCE verifier) from the inbox to its callback. */
export const OIDC_PENDING_COOKIE = 'inbox_oidc';

/** How long a person has at the identity provider before the started sign-in expires. */
export const OIDC_PENDING_TTL_MS = 10 * 60_000;

/** Why an OpenID Connect sign-in was refused (stable codes for logs and tests). */
export type OidcRefusal =
  /** No started sign-in in this browser, or it expired, or the callback's state is not its own. */
  | 'state'
  /** This started sign-in was finished already (a replayed callback). */
  | 'used'
  /** The provider said no (the person cancelled, or a code was refused) or answered against the rules (issuer, signature, nonce). */
  | 'provider'
  /** The provider could not be reached, or its discovery document names another issuer. */
  | 'unavailable'
  | 'no-email'
  | 'email-unverified';

/** A refused OpenID Connect sign-in; nothing was signed in. */
export class OidcSignInError extends OrchestratorError {
  override readonly name = 'OidcSignInError';
  constructor(
    readonly reason: OidcRefusal,
    message: string,
    cause?: unknown,
  ) {
    super('OidcSignInRefused', message, cause === undefined ? undefined : { cause });
  }
}

/** What the pending cookie carries (signed with `INBOX_SECRET`, so the browser can neither read a secret from it that helps nor alter it). */
interface PendingSignIn {
  id: string;
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** The loaded client library and the provider's discovered configuration. */
interface Provider {
  oidc: typeof OpenIdClient;
  configuration: OpenIdClient.Configuration;
}

/** A finished sign-in: the provider's verified address and where to go. */
export interface OidcIdentity {
  email: string;
  /** The provider's subject, for the log. */
  subject: string;
  next: string;
}

/**
 * OpenID Connect sign-in with `openid-client`: the authorization code flow with PKCE (S256), a
 * state bound to this browser by a signed cookie and used once (kept in the store, so a replayed
 * callback is refused even after a restart), and a nonce checked in the ID token. The identity is
 * the `email` claim (from the ID token, else from the userinfo endpoint for the same subject); an
 * address the provider marks unverified is refused. Whether it may use the inbox is the caller's
 * check (the same lists as magic links).
 */
export class OidcSignIn {
  private provider?: Promise<Provider>;
  private authorizationOrigin?: string;

  constructor(
    private readonly options: {
      config: OidcConfig;
      secret: string;
      store: InboxStore;
    },
  ) {}

  /** The provider's name for buttons and pages. */
  get name(): string {
    return this.options.config.name;
  }

  /**
   * Reads the provider's discovery document now (at start), so the first sign-in need not wait
   * and the pages' form-action policy knows the authorization endpoint.
   * @throws {OidcSignInError} `unavailable`; the next sign-in tries again.
   */
  async prepare(): Promise<void> {
    await this.discover();
  }

  /**
   * Where the sign-in form's POST may lead (its answer redirects to the provider): the issuer's
   * origin and, once known, the authorization endpoint's, for the pages' `form-action` policy.
   */
  formActionOrigins(): string[] {
    return [...new Set([new URL(this.options.config.issuerUrl).origin, ...(this.authorizationOrigin ? [this.authorizationOrigin] : [])])];
  }

  /** Starts a sign-in that returns to `next`: the provider's authorization URL and the pending cookie's value. */
  async begin(next: string, now = Date.now()): Promise<{ authorizationUrl: string; pending: string }> {
    const { oidc, configuration } = await this.discover();
    const pending: PendingSignIn = {
      id: oidc.randomState(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      next: safeNext(next),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.options.config.redirectUri,
      scope: this.options.config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { authorizationUrl: url.href, pending: signToken(this.options.secret, PENDING_PURPOSE, { ...pending }, now + OIDC_PENDING_TTL_MS) };
  }

  /**
   * Finishes a sign-in at the callback: `query` is the callback URL's query string, `pendingCookie`
   * the cookie {@link begin} made in this browser.
   * @throws {OidcSignInError} for every refusal (see {@link OidcRefusal}).
   */
  async finish(query: string, pendingCookie: string | undefined, now = Date.now()): Promise<OidcIdentity> {
    const pending = this.readPending(pendingCookie, now);
    const callback = new URL(`${this.options.config.redirectUri}${query.startsWith('?') ? query : `?${query}`}`);
    if (callback.searchParams.get('state') !== pending.state)
      throw new OidcSignInError('state', 'the answer of the identity provider is not for the sign-in this browser started');
    // Used once before the code is redeemed: a replayed callback stops here, whatever the provider would say.
    if (!(await this.options.store.useOnce(pending.id, now + OIDC_PENDING_TTL_MS))) throw new OidcSignInError('used', 'this sign-in was finished already');
    const { oidc, configuration } = await this.discover();
    let tokens: Awaited<ReturnType<typeof OpenIdClient.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcSignInError('provider', `the identity provider refused the sign-in or answered against the rules (${describe(error)})`, error);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcSignInError('provider', 'the identity provider sent no ID token');
    let claims: Record<string, unknown> = idClaims;
    if (typeof idClaims['email'] !== 'string') {
      try {
        claims = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      } catch (error) {
        throw new OidcSignInError('provider', `the identity provider's userinfo failed (${describe(error)})`, error);
      }
    }
    const email = claims['email'];
    if (typeof email !== 'string' || !/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email))
      throw new OidcSignInError('no-email', 'the identity provider sent no email address');
    const verified = claims['email_verified'];
    // Absent means the provider does not say (many only list verified addresses); present, it must say yes.
    if (verified !== undefined && verified !== true && verified !== 'true')
      throw new OidcSignInError('email-unverified', `the identity provider has not verified ${email}`);
    return { email: email.trim().toLowerCase(), subject: idClaims.sub, next: pending.next };
  }

  /**
   * Where to send a browser whose OpenID Connect session ended here, so it ends at the provider too
   * (RP-initiated logout, by client id): the provider's end-session URL, coming back to the inbox's
   * front page (register it as a post-logout redirect URI). `undefined` when the provider has no
   * end-session endpoint or cannot be reached: the inbox session has ended either way.
   */
  async signOutUrl(): Promise<string | undefined> {
    try {
      const { oidc, configuration } = await this.discover();
      if (!configuration.serverMetadata().end_session_endpoint) return undefined;
      const { clientId, redirectUri } = this.options.config;
      return oidc.buildEndSessionUrl(configuration, { client_id: clientId, post_logout_redirect_uri: new URL('/', redirectUri).href }).href;
    } catch (error) {
      if (error instanceof OidcSignInError) return undefined;
      throw error;
    }
  }

  private readPending(cookie: string | undefined, now: number): PendingSignIn {
    if (!cookie) throw new OidcSignInError('state', 'this browser started no sign-in (or its cookie is gone)');
    try {
      const pending = verifyToken<PendingSignIn>(this.options.secret, PENDING_PURPOSE, cookie, now);
      for (const key of ['id', 'state', 'nonce', 'verifier', 'next'] as const) if (typeof pending[key] !== 'string') throw new SignedTokenError('malformed');
      return pending;
    } catch (error) {
      if (!(error instanceof SignedTokenError)) throw error;
      throw new OidcSignInError('state', error.reason === 'expired' ? 'the sign-in took too long' : 'the started sign-in is not valid', error);
    }
  }

  /**
   * The client library and the provider's metadata, read once (and again after a failure, so an
   * outage heals). `openid-client` ships ESM only and is loaded here, so an inbox without OpenID
   * Connect never loads it.
   */
  private discover(): Promise<Provider> {
    const { issuerUrl, clientId, clientSecret } = this.options.config;
    const issuer = new URL(issuerUrl);
    this.provider ??= import('openid-client')
      .then(async (oidc) => {
        const configuration = await oidc.discovery(issuer, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
          timeout: 10,
          // Plain http only for a provider on loopback (the configuration refuses it elsewhere).
          ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        });
        const endpoint = configuration.serverMetadata().authorization_endpoint;
        if (endpoint) this.authorizationOrigin = new URL(endpoint).origin;
        return { oidc, configuration };
      })
      .catch((error: unknown) => {
        this.provider = undefined;
        throw new OidcSignInError('unavailable', `the identity provider at ${issuerUrl} could not be used (${describe(error)})`, error);
      });
    return this.provider;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown; error?: unknown }).error ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
