import type { FlowName } from '@org/orchestrator-contracts';

/** One handling of one message, as recorded by `recordHandledMessage`. */
export interface HandledRecord {
  threadId: string;
  messageId: string;
  flow: FlowName;
  action: string;
  replyMessageId?: string;
  /** The message's sender, subject (shortened) and arrival time, for reading the ledger (absent in rows from before). */
  from?: string;
  subject?: string;
  receivedAt?: string;
  /** Identify the activity execution, so a retry of it updates its own row instead of adding one. */
  workflowRunId: string;
  activityId: string;
}

export interface HandledRow extends HandledRecord {
  /** Activity attempts that reached the store for this handling (> 1 after a retry). */
  attempts: number;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

/** A ledger row with its position: `seq` grows with every new row, so `before: seq` pages back. */
export interface HandledListing extends HandledRow {
  seq: number;
}

/** Which page of a thread's ledger to list: newest first, at most `limit`, older than `before` (a `seq`, or an ISO time). */
export interface HandledPage {
  limit: number;
  before?: number | string;
}

/** A request for one automatic reply to `sender`, for the message `messageId`. */
export interface AutoReplyClaim {
  sender: string;
  messageId: string;
  /** Most replies granted to the sender within `windowMs` before `at`. */
  limit: number;
  windowMs: number;
}

/**
 * Business records written by activities (outbound mail has its own ledger: `OutboxLedger`). Every write is idempotent, because Temporal
 * retries activities: a retry must never add a second record that the outside world sees.
 */
export interface OrchestratorStore {
  /** Upserts by (workflowRunId, activityId); returns how many attempts reached the store. */
  recordHandled(record: HandledRecord, at: Date): { attempts: number };
  handledMessages(threadId?: string): HandledRow[];
  /** Of `messageIds`, those the thread has handled (recorded at least once). */
  findHandled(threadId: string, messageIds: string[]): string[];
  /** One page of the thread's ledger, newest first (see {@link HandledPage}). */
  listHandled(threadId: string, page: HandledPage): HandledListing[];
  /**
   * Keeps `json` (accepted messages a thread carries by reference) under its content id
   * (`sha256:<hex>`); storing the same content again is a no-op. Returns the id.
   */
  stash(threadId: string, json: string, count: number, at: Date): string;
  /** The stashed JSON, if `id` was stashed for `threadId`. */
  loadStash(threadId: string, id: string): string | undefined;
  /**
   * Claims an automatic-reply slot for (sender, messageId): granted while fewer than `limit` were
   * granted to the sender within the window. Idempotent: the same claim always gets its first answer.
   */
  claimAutoReplySlot(claim: AutoReplyClaim, at: Date): { granted: boolean };
  close(): void;
}
