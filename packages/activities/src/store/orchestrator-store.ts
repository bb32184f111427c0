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

/** An email the orchestrator sends; `messageId` is derived deterministically by the workflow. */
export interface OutboundEmail {
  messageId: string;
  threadId: string;
  inReplyTo?: string;
  references: string[];
  kind: string;
  to: string[];
  subject: string;
  text: string;
}

export interface OutboundRow extends OutboundEmail {
  attempts: number;
  createdAt: string;
}

/**
 * Business records written by activities. Every write is idempotent, because Temporal
 * retries activities: a retry must never add a second record that the outside world sees.
 */
export interface OrchestratorStore {
  /** Upserts by (workflowRunId, activityId); returns how many attempts reached the store. */
  recordHandled(record: HandledRecord, at: Date): { attempts: number };
  /** Inserts once per `messageId`; a repeat returns `already-queued` and changes nothing. */
  enqueueOutbound(email: OutboundEmail, at: Date): { status: 'queued' | 'already-queued' };
  handledMessages(threadId?: string): HandledRow[];
  outbound(threadId?: string): OutboundRow[];
  close(): void;
}
