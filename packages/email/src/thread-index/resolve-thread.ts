import type { ThreadHeaders } from '../message-id';
import { deriveThreadId, normalizeMessageId, parseMessageIdList } from '../message-id';
import type { ThreadIndex } from './thread-index';
import { THREAD_INDEX_MAX_LOOKUP } from './thread-index';

/** Where {@link resolveThread} placed a message. */
export interface ThreadPlacement {
  threadId: string;
  /**
   * `headers`: the header rule ({@link deriveThreadId}), because its root is a known root, or the
   * message names no ancestor the index knows. `index`: the thread of `parent`.
   */
  via: 'headers' | 'index';
  /** The ancestor (`In-Reply-To` or a `References` entry) the index placed the message by. */
  parent?: string;
  /** What the header rule alone says, for logs. */
  byHeaders: string;
}

/**
 * The thread of a received message, by the header rule first and the thread index second:
 *
 * 1. the header rule's root (first `References` entry, else `In-Reply-To`, else the message's own
 *    id) when it is a known root (the index records that id in the thread of its own name), or
 *    when the message names no ancestor;
 * 2. else the thread of the nearest ancestor the index knows: `In-Reply-To`, then each
 *    `References` entry, newest first, as mail clients thread by parent lookup. A reply that names
 *    only one of our replies (`In-Reply-To` without `References`) thus reaches its thread;
 * 3. else the header rule, as without an index (a reply to an unknown id starts a new thread).
 *
 * A message is never placed by its own id: one that claims an id recorded elsewhere goes where its
 * ancestors say, not into that thread. A thread named after one of our ids (a forger's message
 * with that Message-ID and no ancestors) is no known root, since the index records our id in our
 * thread: replies naming that id still reach ours. Nothing new is possible for a forger: naming one
 * of our Message-IDs in `References` already reached its thread; what a thread does with a message
 * from someone who is not its customer is the flows' sender policy (recorded, not acted on).
 * @example
 * // Our answer <a1@orchestrator.local> was recorded in thread <m1@customer.example>:
 * await resolveThread(index, { messageId: '<m2@customer.example>', inReplyTo: '<a1@orchestrator.local>' });
 * // { threadId: '<m1@customer.example>', via: 'index', parent: '<a1@orchestrator.local>', byHeaders: '<a1@orchestrator.local>' }
 */
export async function resolveThread(index: Pick<ThreadIndex, 'threadsOf'>, headers: ThreadHeaders): Promise<ThreadPlacement> {
  const byHeaders = deriveThreadId(headers);
  const own = normalizeMessageId(headers.messageId);
  const parent = normalizeMessageId(headers.inReplyTo);
  const ancestors = [...new Set([...(parent ? [parent] : []), ...parseMessageIdList(headers.references ?? []).reverse()])]
    .filter((id) => id !== own)
    .slice(0, THREAD_INDEX_MAX_LOOKUP - 1);
  const headerRule: ThreadPlacement = { threadId: byHeaders, via: 'headers', byHeaders };
  if (ancestors.length === 0) return headerRule;

  const known = await index.threadsOf([...new Set([byHeaders, ...ancestors])]);
  if (known.get(byHeaders) === byHeaders) return headerRule;
  for (const id of ancestors) {
    const threadId = known.get(id);
    if (threadId !== undefined) return threadId === byHeaders ? headerRule : { threadId, via: 'index', parent: id, byHeaders };
  }
  return headerRule;
}
