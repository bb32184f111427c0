import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { QueuedMessage, StashedMessages } from '@org/orchestrator-contracts';
import { EMAIL_LIMITS } from '@org/orchestrator-contracts';
import { parseInput } from '../errors';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import type { OrchestratorStore } from '../store/orchestrator-store';

/** Error type of a stash that is not in the store (another host's store, or a lost file). Retryable: it may be restored. */
export const STASH_NOT_FOUND = 'StashNotFound';

/** Most message ids one `findHandledMessages` call looks up. */
export const FIND_HANDLED_MAX_IDS = 1000;

export interface StashMessagesInput {
  threadId: string;
  /** Accepted messages, in arrival order. */
  entries: QueuedMessage[];
}

export interface LoadStashedMessagesInput {
  threadId: string;
  id: string;
}

export interface FindHandledMessagesInput {
  threadId: string;
  messageIds: string[];
}

const threadIdSchema = z.string().min(1).max(EMAIL_LIMITS.messageIdLength);
const messageIdSchema = z.string().min(1).max(EMAIL_LIMITS.messageIdLength);
// Stashed messages were validated when the thread accepted them: only their thread is checked here.
const stashSchema = z
  .object({
    threadId: threadIdSchema,
    entries: z
      .array(z.object({ message: z.object({ messageId: messageIdSchema, threadId: threadIdSchema }).loose(), check: z.literal(true).optional() }))
      .min(1),
  })
  .refine((input) => input.entries.every((e) => e.message.threadId === input.threadId), {
    message: 'every message must belong to the thread',
    path: ['entries'],
  });
const loadSchema = z.object({ threadId: threadIdSchema, id: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 lowercase hex>') });
const findSchema = z.object({ threadId: threadIdSchema, messageIds: z.array(messageIdSchema).max(FIND_HANDLED_MAX_IDS) });

/**
 * What keeps a long thread's workflow state bounded: its accepted-but-unhandled messages kept by
 * reference outside Temporal (`stashMessages`, `loadStashedMessages`), and its ledger asked about
 * message ids older than the workflow's window of seen ids (`findHandledMessages`). All three are
 * idempotent: a stash is keyed by its content, and lookups only read.
 */
export function createThreadActivities({ store, now }: { store: AsyncCompatible<OrchestratorStore>; now: () => Date }) {
  return {
    /** Stashes accepted messages of a thread (same messages, same id) and returns the reference the workflow carries. */
    async stashMessages(input: StashMessagesInput): Promise<StashedMessages> {
      const { threadId } = parseInput('stashMessages', stashSchema, input);
      const json = JSON.stringify(input.entries);
      const id = await store.stash(threadId, json, input.entries.length, now());
      return { id, count: input.entries.length, bytes: Buffer.byteLength(json, 'utf8') };
    },

    /** The messages stashed under `id` for the thread, in arrival order. */
    async loadStashedMessages(input: LoadStashedMessagesInput): Promise<{ entries: QueuedMessage[] }> {
      const { threadId, id } = parseInput('loadStashedMessages', loadSchema, input);
      const json = await store.loadStash(threadId, id);
      if (json === undefined) {
        throw ApplicationFailure.create({
          type: STASH_NOT_FOUND,
          message: `loadStashedMessages: no stash ${id} for thread ${threadId} in this worker's store (workers of a thread must share DATABASE_URL or ORCHESTRATOR_DB_PATH)`,
        });
      }
      return { entries: JSON.parse(json) as QueuedMessage[] };
    },

    /** Of `messageIds`, those the thread's ledger says it handled. */
    async findHandledMessages(input: FindHandledMessagesInput): Promise<{ handled: string[] }> {
      const { threadId, messageIds } = parseInput('findHandledMessages', findSchema, input);
      return { handled: await store.findHandled(threadId, messageIds) };
    },
  };
}
