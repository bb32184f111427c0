import { randomBytes } from 'node:crypto';
import type { FlowConfig } from '@org/orchestrator-activities';
import { envSchemas, readEnv } from '@org/orchestrator-contracts';
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

/** A setting of the inbox is missing or wrong; `variable` names it. */
export class InboxConfigError extends Error {
  override readonly name = 'InboxConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

export const DEFAULT_INBOX_PORT = 8787;

/**
 * Reads `INBOX_PORT`, `INBOX_HOST`, `INBOX_BASE_URL`, `INBOX_SECRET`, `LOG_LEVEL`. Outside development
 * (`NODE_ENV` other than `development`/`test`, or unset with `NODE_ENV=production`) the secret is
 * required; in development a random one is made per process (links die with it).
 */
export function inboxConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InboxConfig {
  const port = env['INBOX_PORT'] ? Number(env['INBOX_PORT']) : DEFAULT_INBOX_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InboxConfigError('INBOX_PORT', 'must be a port number');
  const host = env['INBOX_HOST']?.trim() || '127.0.0.1';
  const rawBase = env['INBOX_BASE_URL']?.trim() || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let base: URL;
  try {
    base = new URL(rawBase);
  } catch {
    throw new InboxConfigError('INBOX_BASE_URL', 'must be an absolute http(s) URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new InboxConfigError('INBOX_BASE_URL', 'must be an http(s) URL');
  let secret = env['INBOX_SECRET'] ?? '';
  if (!secret) {
    if (env['NODE_ENV'] === 'production') throw new InboxConfigError('INBOX_SECRET', 'is required outside development (at least 32 bytes, e.g. `openssl rand -hex 32`)');
    secret = randomBytes(32).toString('hex');
  }
  try {
    assertStrongSecret(secret, 'INBOX_SECRET');
  } catch (error) {
    throw new InboxConfigError('INBOX_SECRET', (error as Error).message.replace(/^INBOX_SECRET /, ''));
  }
  const logLevel = readEnv(env, 'LOG_LEVEL', envSchemas.oneOf(INBOX_LOG_LEVELS), InboxConfigError) ?? 'info';
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
