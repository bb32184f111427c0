import { randomBytes } from 'node:crypto';
import type { FlowConfig, FlowModule } from '@org/orchestrator-activities';
import { DEFAULT_INBOX_DATA_DIR, STORE_ENV } from '@org/orchestrator-activities/database';
import type { EnvSource } from '@org/orchestrator-contracts';
import { EnvVariableError, LOG_LEVELS, SHARED_ENV, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import { assertStrongSecret } from '@org/orchestrator-contracts/client';

/** The inbox's settings (see the README's table). */
export interface InboxConfig {
  host: string;
  port: number;
  /** Public URL of the inbox, used in emailed links (no trailing slash). */
  baseUrl: string;
  /** Signs session cookies, CSRF cookies, sign-in links and decision links (at least 32 bytes). */
  secret: string;
  /** Cookies get `Secure` when the inbox is served over TLS (`baseUrl` is https). */
  secureCookies: boolean;
  /** How long a sign-in link is valid. */
  signInLinkTtlMs: number;
  /** How long a session lasts. */
  sessionTtlMs: number;
  /** `LOG_LEVEL` of the JSON log (default info). */
  logLevel?: InboxLogLevel;
  /** Where the SQLite store lives (`INBOX_DATA_DIR`), unless `databaseUrl` is PostgreSQL. */
  dataDir?: string;
  /** `DATABASE_URL`: a `postgres://…` URL puts sessions and used links in PostgreSQL. */
  databaseUrl?: string;
  /** Sign-in by emailed link (default on); off leaves OpenID Connect only. */
  magicLinks?: boolean;
  /** OpenID Connect sign-in, when configured. */
  oidc?: OidcConfig;
}

/** An identity provider the inbox signs people in with (authorization code flow, PKCE, state, nonce). */
export interface OidcConfig {
  /** The issuer, exactly as its discovery document names it. */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Requested scopes; always include `openid` and `email`. */
  scopes: string[];
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: string;
  /** `<INBOX_BASE_URL>/sign-in/oidc/callback`, registered at the provider. */
  redirectUri: string;
}

/** Where the inbox's SQLite store lives by default (relative to the working directory): declared with every store's location. */
export { DEFAULT_INBOX_DATA_DIR };

/** The path of the OpenID Connect callback, under `INBOX_BASE_URL`. */
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

/** The levels `LOG_LEVEL` accepts (as the ingress). */
export const INBOX_LOG_LEVELS = LOG_LEVELS;
export type InboxLogLevel = (typeof INBOX_LOG_LEVELS)[number];

export const DEFAULT_INBOX_PORT = 8787;

/** The variables the inbox reads, each declared once (its own here, the shared ones elsewhere): read below; the README's table. */
export const INBOX_ENV = {
  port: defineEnvVariable({ name: 'INBOX_PORT', schema: envSchemas.integer(0, 65_535), default: `\`${DEFAULT_INBOX_PORT}\``, meaning: 'Port to listen on' }),
  host: defineEnvVariable({
    name: 'INBOX_HOST',
    schema: envSchemas.text('a host name or IP address'),
    default: '`127.0.0.1`',
    meaning: 'Bind address (put a TLS-terminating proxy in front for other hosts)',
  }),
  /** Shared with the worker (its decision links) and the ingress: declared in the contracts' `SHARED_ENV`. */
  baseUrl: SHARED_ENV.inboxBaseUrl,
  secret: SHARED_ENV.inboxSecret,
  logLevel: SHARED_ENV.logLevel,
  dataDir: STORE_ENV.inboxDataDir,
  databaseUrl: SHARED_ENV.databaseUrl,
  nodeEnv: SHARED_ENV.nodeEnv,
  magicLinks: defineEnvVariable({
    name: 'INBOX_MAGIC_LINKS',
    schema: envSchemas.boolean,
    default: '`true`',
    meaning: 'Sign-in by emailed link; `false` leaves OpenID Connect only (needs `OIDC_ISSUER_URL`)',
  }),
  oidcIssuerUrl: defineEnvVariable({
    name: 'OIDC_ISSUER_URL',
    schema: envSchemas.text('an https URL (http only on loopback)'),
    default: 'unset (off)',
    meaning:
      'OpenID Connect sign-in: the identity provider’s issuer, exactly as its discovery document (`/.well-known/openid-configuration`) names it. Register `<INBOX_BASE_URL>/sign-in/oidc/callback` as redirect URI there',
  }),
  oidcClientId: defineEnvVariable({
    name: 'OIDC_CLIENT_ID',
    schema: envSchemas.text('text'),
    default: 'unset',
    meaning: 'The inbox’s client id at the provider; **required** with `OIDC_ISSUER_URL`',
  }),
  oidcClientSecret: defineEnvVariable({
    name: 'OIDC_CLIENT_SECRET',
    schema: envSchemas.text('text'),
    default: 'unset',
    meaning: 'The inbox’s client secret (sent with HTTP Basic to the token endpoint); **required** with `OIDC_ISSUER_URL`',
  }),
  oidcScopes: defineEnvVariable({
    name: 'OIDC_SCOPES',
    schema: envSchemas.list,
    default: '`openid,email`',
    meaning: 'Scopes asked for; must include `openid` and `email`',
  }),
  oidcName: defineEnvVariable({
    name: 'OIDC_PROVIDER_NAME',
    schema: envSchemas.text('text'),
    default: '`your company account`',
    meaning: 'Shown on the sign-in button: “Sign in with …”',
  }),
} as const;

/** A setting of the inbox is missing or wrong; `variable` names it: the one configuration error, `EnvVariableError`. */
export const InboxConfigError = EnvVariableError;
export type InboxConfigError = EnvVariableError;

/**
 * Reads the variables of {@link INBOX_ENV} (the README's table). Outside development
 * (`NODE_ENV` other than `development`/`test`, or unset with `NODE_ENV=production`) the secret is
 * required; in development a random one is made per process (links die with it).
 */
export function inboxConfigFromEnv(env: EnvSource = process.env): InboxConfig {
  const port = readEnvVariable(env, INBOX_ENV.port, InboxConfigError) ?? DEFAULT_INBOX_PORT;
  const host = readEnvVariable(env, INBOX_ENV.host, InboxConfigError) ?? '127.0.0.1';
  const rawBase = readEnvVariable(env, INBOX_ENV.baseUrl, InboxConfigError) ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let base: URL;
  try {
    base = new URL(rawBase);
  } catch {
    throw new InboxConfigError('INBOX_BASE_URL', 'must be an absolute http(s) URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new InboxConfigError('INBOX_BASE_URL', 'must be an http(s) URL');
  let secret = readEnvVariable(env, INBOX_ENV.secret, InboxConfigError) ?? '';
  if (!secret) {
    if (readEnvVariable(env, INBOX_ENV.nodeEnv, InboxConfigError) === 'production')
      throw new InboxConfigError('INBOX_SECRET', 'is required outside development (at least 32 bytes, e.g. `openssl rand -hex 32`)');
    secret = randomBytes(32).toString('hex');
  }
  try {
    assertStrongSecret(secret, 'INBOX_SECRET');
  } catch (error) {
    throw new InboxConfigError('INBOX_SECRET', (error as Error).message.replace(/^INBOX_SECRET /, ''));
  }
  const logLevel = readEnvVariable(env, INBOX_ENV.logLevel, InboxConfigError) ?? 'info';
  const baseUrl = base.toString().replace(/\/+$/, '');
  const oidc = oidcConfigFromEnv(env, baseUrl);
  const magicLinks = readEnvVariable(env, INBOX_ENV.magicLinks, InboxConfigError) ?? true;
  if (!magicLinks && !oidc)
    throw new InboxConfigError('INBOX_MAGIC_LINKS', 'may be false only with OpenID Connect configured (OIDC_ISSUER_URL): nobody could sign in');
  const databaseUrl = readEnvVariable(env, INBOX_ENV.databaseUrl, InboxConfigError);
  return {
    host,
    port,
    logLevel,
    baseUrl,
    secret,
    secureCookies: base.protocol === 'https:',
    signInLinkTtlMs: 15 * 60_000,
    sessionTtlMs: 12 * 3600_000,
    dataDir: readEnvVariable(env, INBOX_ENV.dataDir, InboxConfigError) ?? DEFAULT_INBOX_DATA_DIR,
    ...(databaseUrl ? { databaseUrl } : {}),
    magicLinks,
    ...(oidc ? { oidc } : {}),
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `OIDC_*`: all of issuer, client id and secret, or none (off). */
function oidcConfigFromEnv(env: EnvSource, baseUrl: string): OidcConfig | undefined {
  const issuer = readEnvVariable(env, INBOX_ENV.oidcIssuerUrl, InboxConfigError);
  const clientId = readEnvVariable(env, INBOX_ENV.oidcClientId, InboxConfigError);
  const clientSecret = readEnvVariable(env, INBOX_ENV.oidcClientSecret, InboxConfigError);
  if (!issuer) {
    if (clientId || clientSecret) throw new InboxConfigError('OIDC_ISSUER_URL', 'is required with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new InboxConfigError('OIDC_ISSUER_URL', 'must be an absolute https URL');
  }
  // Plain http lets anyone on the path swap the provider's keys; only a provider on this machine may use it.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new InboxConfigError('OIDC_ISSUER_URL', 'must be an https URL (http only for a provider on loopback)');
  }
  if (!clientId) throw new InboxConfigError('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER_URL');
  if (!clientSecret) throw new InboxConfigError('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER_URL');
  const scopes = readEnvVariable(env, INBOX_ENV.oidcScopes, InboxConfigError) ?? ['openid', 'email'];
  for (const needed of ['openid', 'email'])
    if (!scopes.includes(needed)) throw new InboxConfigError('OIDC_SCOPES', `must include ${needed}, got ${JSON.stringify(scopes.join(','))}`);
  return {
    issuerUrl: issuer,
    clientId,
    clientSecret,
    scopes,
    name: readEnvVariable(env, INBOX_ENV.oidcName, InboxConfigError) ?? 'your company account',
    redirectUri: `${baseUrl}${OIDC_CALLBACK_PATH}`,
  };
}

/** Who may sign in, and as what: the flows' approvers and agents (from the worker's configuration). */
export interface InboxPeople {
  approvers: string[];
  agents: string[];
}

/**
 * The approvers and agents the installed flows' configuration names (each module's
 * `settings.people`: e.g. procurement's approvers and every approver of their tiers), lowercased.
 */
export function inboxPeople(flows: FlowConfig, modules: readonly Pick<FlowModule, 'settings'>[]): InboxPeople {
  const lower = (list: string[]) => [...new Set(list.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  const people = modules.flatMap((m) => (m.settings?.people ? [m.settings.people(flows)] : []));
  return { approvers: lower(people.flatMap((p) => p.approvers)), agents: lower(people.flatMap((p) => p.agents)) };
}

/** Whether `address` is on one of the lists (the only addresses that may sign in). */
export function mayUseInbox(people: InboxPeople, address: string): boolean {
  const a = address.trim().toLowerCase();
  return people.approvers.includes(a) || people.agents.includes(a);
}
