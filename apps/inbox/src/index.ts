/**
 * The task inbox as a library, for embedding and tests: `buildInboxServer` returns a Fastify
 * instance (not listening). `main.ts` is the deployable entry that wires it from the environment.
 *
 * @example
 * const app = await buildInboxServer({ config: inboxConfigFromEnv(), client, people: inboxPeople(flowConfigFromEnv()), signInLinks });
 * await app.listen({ host: '127.0.0.1', port: 8787 });
 *
 * @module
 */
export { DEFAULT_INBOX_PORT, INBOX_ENV, InboxConfigError, inboxConfigFromEnv, inboxPeople, mayUseInbox } from './config';
export type { InboxConfig, InboxPeople } from './config';
export { buildInboxServer } from './server';
export type { InboxDependencies } from './server';
export { SignInLinkUsedError, SignInLinks, safeNext } from './sign-in-links';
export type { SignInClaim } from './sign-in-links';
export { createTaskFinder, tasksOf } from './tasks';
export type { Task, TaskFinder, TaskKind } from './tasks';
