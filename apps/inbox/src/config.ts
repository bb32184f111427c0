import { randomBytes } from 'node:crypto';
import type { FlowConfig } from '@org/orchestrator-activities';
import { EnvVariableError, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
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
}

/** The levels `LOG_LEVEL` accepts (as the ingress and the worker). */
export const INBOX_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type InboxLogLevel = (typeof INBOX_LOG_LEVELS)[number];

export const DEFAULT_INBOX_PORT = 8787;

/** The inbox's own variables, declared once: read below, and the README's table is generated from them. */
export const INBOX_ENV = {
  port: defineEnvVariable({ name: 'INBOX_PORT', schema: envSchemas.integer(0, 65_535), default: `\`${DEFAULT_INBOX_PORT}\``, meaning: 'Port to listen on' }),
  host: defineEnvVariable({ name: 'INBOX_HOST', schema: envSchemas.text('a host name or IP address'), default: '`127.0.0.1`', meaning: 'Bind address (put a TLS-terminating proxy in front for other hosts)' }),
  baseUrl: defineEnvVariable({
    name: 'INBOX_BASE_URL',
    schema: envSchemas.text('an absolute http(s) URL'),
    default: '`http://<host>:<port>`',
    meaning: 'Public URL, used in mailed links; `https://…` makes every cookie `Secure`',
  }),
  secret: defineEnvVariable({
    name: 'INBOX_SECRET',
    schema: envSchemas.text('at least 32 bytes, e.g. `openssl rand -hex 32`'),
    default: 'random per process in development',
    meaning: 'Signs session and CSRF cookies, sign-in links and decision links; **required** with `NODE_ENV=production`. The worker needs the same value',
  }),
  logLevel: defineEnvVariable({
    name: 'LOG_LEVEL',
    schema: envSchemas.oneOf(INBOX_LOG_LEVELS),
    default: '`info`',
    meaning: 'JSON log (pino) on stdout, one object a line; requests are logged by route pattern, never by URL (paths carry single-use tokens)',
  }),
} as const;

/** A setting of the inbox is missing or wrong; `variable` names it: the one configuration error, `EnvVariableError`. */
export const InboxConfigError = EnvVariableError;
export type InboxConfigError = EnvVariableError;


/**
 * Reads `INBOX_PORT`, `INBOX_HOST`, `INBOX_BASE_URL`, `INBOX_SECRET`, `LOG_LEVEL`. Outside development
 * (`NODE_ENV` other than `development`/`test`, or unset with `NODE_ENV=production`) the secret is
 * required; in development a random one is made per process (links die with it).
 */
export function inboxConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InboxConfig {
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
    if (env['NODE_ENV'] === 'production') throw new InboxConfigError('INBOX_SECRET', 'is required outside development (at least 32 bytes, e.g. `openssl rand -hex 32`)');
    secret = randomBytes(32).toString('hex');
  }
  try {
    assertStrongSecret(secret, 'INBOX_SECRET');
  } catch (error) {
    throw new InboxConfigError('INBOX_SECRET', (error as Error).message.replace(/^INBOX_SECRET /, ''));
  }
  const logLevel = readEnvVariable(env, INBOX_ENV.logLevel, InboxConfigError) ?? 'info';
  return {
    host,
    port,
    logLevel,
    baseUrl: base.toString().replace(/\/+$/, ''),
    secret,
    secureCookies: base.protocol === 'https:',
    signInLinkTtlMs: 15 * 60_000,
    sessionTtlMs: 12 * 3600_000,
  };
}

/** Who may sign in, and as what: the flows' approvers and agents (from the worker's configuration). */
export interface InboxPeople {
  approvers: string[];
  agents: string[];
}

/** The approver and agent lists of the flows' configuration, lowercased. */
export function inboxPeople(flows: FlowConfig): InboxPeople {
  const lower = (list: string[]) => [...new Set(list.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  return {
    approvers: lower([
      flows.procurement.approval.approvers.primary,
      flows.procurement.approval.approvers.secondary,
      flows.support.refundApprovers.primary,
      flows.support.refundApprovers.secondary,
    ]),
    agents: lower([...flows.support.agents, flows.support.supervisor]),
  };
}

/** Whether `address` is on one of the lists (the only addresses that may sign in). */
export function mayUseInbox(people: InboxPeople, address: string): boolean {
  const a = address.trim().toLowerCase();
  return people.approvers.includes(a) || people.agents.includes(a);
}
