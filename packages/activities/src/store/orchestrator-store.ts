import type { FlowName } from '@org/orchestrator-contracts';

/** One handling of one message, as recorded by `recordHandledMessage`. */
export interface HandledRecord {
  threadId: string;
  messageId: string;
  flow: FlowName;
  action: string;
  replyMessageId?: string;
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
  /**
   * Claims an automatic-reply slot for (sender, messageId): granted while fewer than `limit` were
   * granted to the sender within the window. Idempotent: the same claim always gets its first answer.
   */
  claimAutoReplySlot(claim: AutoReplyClaim, at: Date): { granted: boolean };
  close(): void;
}
