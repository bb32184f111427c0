import { EMAIL_LIMITS, OrchestratorError, controlCharacterReason, firstControlCharacter } from '@org/orchestrator-contracts';
import { normalizeMessageId } from '../message-id';

/**
 * Who wrote the Message-ID:
 * - `outbound`: the orchestrator (recorded by `sendEmail` before it sends). Our ids are HMACs
 *   nobody else can compute, so an outbound record replaces an inbound row with the same id
 *   (which can only be a forgery, or the echo of our own message).
 * - `inbound`: a received message (recorded by the ingress). It never replaces a row: the first
 *   thread recorded for an id stays, so a later message that reuses the id moves nothing.
 */
export type ThreadIndexDirection = 'inbound' | 'outbound';

/** One Message-ID and the thread it belongs to. */
export interface ThreadIndexRecord {
  messageId: string;
  threadId: string;
  direction: ThreadIndexDirection;
}

/**
 * Which thread every known Message-ID belongs to, inbound and outbound, so that a reply naming
 * only its parent (`In-Reply-To: <one of our replies>`) finds the thread, as mail clients thread
 * by parent lookup. Shared by the worker (`sendEmail` records outbound ids) and the ingress (looks
 * up ancestors, records inbound ids); see {@link resolveThread}.
 *
 * Ids are canonical Message-IDs (`<id@host>`; `id@host` is normalized), at most
 * {@link EMAIL_LIMITS}.messageIdLength characters, without control characters; thread ids are
 * kept as given, with the same limits. Writes are idempotent (retries record again).
 */
export interface ThreadIndex {
  /**
   * Records `messageId` in `threadId` (see {@link ThreadIndexDirection} for which record wins) and
   * returns the thread the index now holds for it: another one than `threadId` when an inbound
   * record found the id already taken.
   * @throws {ThreadIndexInputError} for an empty, over-long or control-character id.
   */
  record(record: ThreadIndexRecord, at: Date): Promise<{ threadId: string }>;
  /**
   * The thread of each of `messageIds` the index knows (keys as given). Ids that cannot be
   * stored (empty, over-long, control characters) are simply unknown.
   * @throws {ThreadIndexInputError} for more than {@link THREAD_INDEX_MAX_LOOKUP} ids.
   */
  threadsOf(messageIds: readonly string[]): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** Most ids one {@link ThreadIndex.threadsOf} call looks up: a message's References and In-Reply-To fit. */
export const THREAD_INDEX_MAX_LOOKUP = 1000;

/** A thread-index input that can never be stored; retrying cannot help (stable `code`). */
export class ThreadIndexInputError extends OrchestratorError {
  override readonly name = 'ThreadIndexInputError';
  override readonly code = 'ThreadIndexInput';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('ThreadIndexInput', `thread index: ${field} ${reason}`);
  }
}

/** Why `value` cannot be a stored id, or `undefined` when it can. */
function idProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) return 'must be a non-empty string';
  if (value.length > EMAIL_LIMITS.messageIdLength) return `must be at most ${EMAIL_LIMITS.messageIdLength} characters (got ${value.length})`;
  const found = firstControlCharacter(value);
  return found ? controlCharacterReason(found) : undefined;
}

/**
 * The stored form of a Message-ID (canonical, see `normalizeMessageId`), or `undefined` when it
 * cannot be stored.
 */
export function indexableMessageId(value: unknown): string | undefined {
  if (idProblem(value) !== undefined) return undefined;
  const id = normalizeMessageId(value as string);
  return id && idProblem(id) === undefined ? id : undefined;
}

/** Checks a record before it reaches the database; returns it with its Message-ID canonical. */
export function checkThreadIndexRecord(record: ThreadIndexRecord): ThreadIndexRecord {
  const messageProblem = idProblem(record?.messageId);
  if (messageProblem) throw new ThreadIndexInputError('messageId', messageProblem);
  const threadProblem = idProblem(record.threadId);
  if (threadProblem) throw new ThreadIndexInputError('threadId', threadProblem);
  if (record.direction !== 'inbound' && record.direction !== 'outbound') {
    throw new ThreadIndexInputError('direction', `must be "inbound" or "outbound" (got ${JSON.stringify(record.direction)})`);
  }
  const messageId = normalizeMessageId(record.messageId);
  if (!messageId) throw new ThreadIndexInputError('messageId', 'is not a Message-ID');
  const canonicalProblem = idProblem(messageId);
  if (canonicalProblem) throw new ThreadIndexInputError('messageId', `${canonicalProblem} in canonical form (${messageId.slice(0, 40)}…)`);
  return { messageId, threadId: record.threadId.trim(), direction: record.direction };
}

/** Checks the size of a lookup. */
export function checkLookup(messageIds: readonly string[]): void {
  if (messageIds.length > THREAD_INDEX_MAX_LOOKUP) {
    throw new ThreadIndexInputError('messageIds', `must hold at most ${THREAD_INDEX_MAX_LOOKUP} ids (got ${messageIds.length})`);
  }
}
