import type { Routing } from '@org/orchestrator-contracts';

/**
 * The language of the mail a flow writes to a customer or requester: the language the agents
 * detected (ISO 639-1, `flowState.routing.language` or a support turn's own classification) when
 * we write it, English otherwise. Plain string tables, no `Intl`: workflow code must not depend on
 * the host's locale data.
 */
export const REPLY_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

/** The reply language for a detected code (`de`, `DE`, `de-CH`): itself when we write it, else English. */
export function replyLanguage(detected: unknown): ReplyLanguage {
  if (typeof detected !== 'string') return 'en';
  const primary = detected.trim().toLowerCase().split(/[-_]/)[0];
  return (REPLY_LANGUAGES as readonly string[]).includes(primary) ? (primary as ReplyLanguage) : 'en';
}

/** The reply language of a thread, from the routing classification kept in its flow state (`routing.language`). */
export function threadLanguage(flowState: { routing?: Partial<Routing> | null }): ReplyLanguage {
  return replyLanguage(flowState.routing?.language);
}

/** A text in each reply language. */
export type Localized<T> = Record<ReplyLanguage, T>;

/** The salutation of a mail: `Hello Name,` or `Hello,` in `language`. */
export const GREETING: Localized<(name?: string | null) => string> = {
  en: (name) => (name ? `Hello ${name},` : 'Hello,'),
  de: (name) => (name ? `Hallo ${name},` : 'Guten Tag,'),
  fr: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
  es: (name) => (name ? `Hola ${name}:` : 'Hola:'),
};
