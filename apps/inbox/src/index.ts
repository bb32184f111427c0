/**
 * The task inbox as a library, for embedding and tests: `buildInboxServer` returns a Fastify
 * instance (not listening). `main.ts` is the deployable entry that wires it from the environment.
 *
 * @example
 * const config = inboxConfigFromEnv();
 * const store = await openInboxStore({ dataDir: '.data/inbox', databaseUrl: process.env.DATABASE_URL });
 * const app = await buildInboxServer({ config, client, people: inboxPeople(installedFlowConfigFromEnv(), FLOW_MODULES), store, signInLinks: new SignInLinks({ store, ... }) });
 * await app.listen({ host: '127.0.0.1', port: 8787 });
 *
 * @module
 */
export {
  DEFAULT_INBOX_DATA_DIR,
  DEFAULT_INBOX_PORT,
  INBOX_ENV,
  InboxConfigError,
  OIDC_CALLBACK_PATH,
  inboxConfigFromEnv,
  inboxPeople,
  mayUseInbox,
} from './config';
export type { InboxConfig, InboxPeople, OidcConfig } from './config';
export { OidcSignIn, OidcSignInError } from './oidc-sign-in';
export type { OidcIdentity, OidcRefusal } from './oidc-sign-in';
export { INBOX_SCHEMA } from '@org/orchestrator-activities/database';
export { openInboxStore } from './store/open-inbox-store';
export { openPostgresInboxStore } from './store/postgres-inbox-store';
export { openSqliteInboxStore } from './store/sqlite-inbox-store';
export type { InboxStore, SessionRecord, SignInMethod } from './store/inbox-store';
export { buildInboxServer } from './server';
export type { InboxDependencies } from './server';
export { SignInLinkUsedError, SignInLinks, safeNext } from './sign-in-links';
export type { SignInClaim } from './sign-in-links';
export { createTaskFinder, tasksOf } from './tasks';
export type { Task, TaskFinder, TaskKind } from './tasks';
