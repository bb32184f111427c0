import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { EMAIL_LIMITS } from '@org/orchestrator-contracts';
import { parseInput } from '../errors';

export interface ThreadIdKeyInput {
  /** The thread's id (its root Message-ID); an RFQ child's thread is its RFQ email. */
  threadId: string;
}

export interface ThreadIdKey {
  /** HMAC-SHA256(secret, `thread:` + threadId), 64 hex digits. */
  key: string;
}

const threadIdKeySchema = z.object({ threadId: z.string().trim().min(1).max(EMAIL_LIMITS.messageIdLength) });

/**
 * The activity behind unguessable ids. The secret stays in the worker; a thread gets only its own
 * key (recorded in its history), from which the workflow derives its Message-IDs and RFQ ids.
 * Knowing one thread's key tells nothing about another's.
 * @param idSecret at least 32 bytes (see `loadIdSecret`); when absent, a random secret for this
 * process: ids stay unguessable and each thread keeps its recorded key, but a thread started
 * again after it completed gets new ids.
 */
export function createIdActivities({ idSecret }: { idSecret?: Uint8Array }) {
  const secret = idSecret ?? randomBytes(32);
  return {
    /** The key of one thread's ids; the same for the same secret and thread, unrelated between threads. */
    async threadIdKey(input: ThreadIdKeyInput): Promise<ThreadIdKey> {
      const { threadId } = parseInput('threadIdKey', threadIdKeySchema, input);
      return { key: createHmac('sha256', secret).update(`thread:${threadId}`, 'utf8').digest('hex') };
    },
  };
}
