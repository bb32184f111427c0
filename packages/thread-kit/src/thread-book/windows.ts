import type { MessageOutcome, ThreadMessageCounts, ThreadMessageRecord } from '@org/orchestrator-contracts';
import { OUTCOME_ACTIONS_COUNTED } from '@org/orchestrator-contracts';

/**
 * The bounds of a thread under bounded state (marker `bounded-state`). Every window is bounded
 * by count and by serialized bytes (an attacker chooses the length of ids and subjects), so the
 * carried input and the state query stay far below Temporal's 2 MB payload limit:
 * 48 KB of seen ids + 48 KB of records + 32 KB of inline pending messages + 16 KB for a
 * suspended message + rejected payloads (100 × ≤ 600 B) + flow state, in all well under 256 KB;
 * a failed step adds its message and at most 64 KB of messages held for its retry.
 */
export const THREAD_BOUNDS = {
  /** Seen message ids kept for de-duplication on arrival; older ones are looked up in the ledger. */
  seenIds: 1000,
  seenIdBytes: 48 * 1024,
  /** Message records shown by the state query (older ones: the ledger, `orchestrator messages`). */
  records: 200,
  recordBytes: 48 * 1024,
  /** Pending messages carried inline across continue-as-new; beyond this they are stashed. */
  inlinePendingBytes: 32 * 1024,
  /** Largest stash (one `stashMessages` call); a single bigger message is stashed alone. */
  stashChunkBytes: 256 * 1024,
  /** Messages that arrived while a failed step waits for a person, kept (carried) for its retry. */
  heldForRetryBytes: 64 * 1024,
  /** A suspended handling's message is carried inline up to this size, else stashed. */
  suspendedInlineBytes: 16 * 1024,
  /** Pending messages checked against the ledger per `findHandledMessages` call. */
  ledgerLookupBatch: 100,
  /** What the carried input and the state answer are each measured against. */
  payloadBudgetBytes: 256 * 1024,
  /**
   * A run continues as new after this many events or accepted messages even if Temporal does not
   * suggest it yet: every workflow task that misses the worker's cache replays the run, at about a
   * millisecond per signal, and under a flood a task slower than 100 buffered signals is failed by
   * the server (FORCE_CLOSE_COMMAND) and replayed again. Short runs keep replays short.
   */
  runEvents: 2000,
  runMessages: 200,
} as const;

/** UTF-8 length of a string, without TextEncoder (the sandbox need not have it). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Serialized size of a JSON value (UTF-8 bytes), as Temporal's JSON payload converter writes it. */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? '');
}

/** A bound by count and bytes; `undefined` means unbounded (threads started before bounded state). */
export interface WindowLimit {
  count: number;
  bytes: number;
}

/**
 * The most recent message ids, in the order they were seen, bounded by `limit`. Counts the ids it
 * dropped: while none was dropped, an id not in the window was never seen.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private bytes = 0;
  private droppedCount: number;

  constructor(
    ids: readonly string[],
    dropped: number,
    private readonly limit: WindowLimit | undefined,
  ) {
    this.droppedCount = dropped;
    for (const id of ids) this.add(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.bytes += utf8Bytes(id) + 3;
    if (!this.limit) return;
    while (this.ids.size > 1 && (this.ids.size > this.limit.count || this.bytes > this.limit.bytes)) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
      this.bytes -= utf8Bytes(oldest) + 3;
      this.droppedCount += 1;
    }
  }

  /** How many ids were dropped from the window, ever. */
  get dropped(): number {
    return this.droppedCount;
  }

  toArray(): string[] {
    return [...this.ids];
  }
}

/**
 * The records of the most recently accepted or handled messages, bounded by `limit`. A record
 * dropped while its message waited is added again when the message is handled.
 */
export class RecentRecords {
  private readonly records: ThreadMessageRecord[];
  private readonly sizes: number[];
  private bytes = 0;

  constructor(
    records: readonly ThreadMessageRecord[],
    private readonly limit: WindowLimit | undefined,
  ) {
    this.records = [];
    this.sizes = [];
    for (const record of records) this.add({ ...record });
  }

  add(record: ThreadMessageRecord): void {
    const size = jsonBytes(record);
    this.records.push(record);
    this.sizes.push(size);
    this.bytes += size;
    this.trim();
  }

  /** The record of `messageId`, searched from the end (the message being handled is near the tail). */
  find(messageId: string): ThreadMessageRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record && record.messageId === messageId) return record;
    }
    return undefined;
  }

  /** Changes the record of `messageId` (which must be in the window) and re-measures it. */
  update(messageId: string, change: (record: ThreadMessageRecord) => void): boolean {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record && record.messageId === messageId) {
        change(record);
        const size = jsonBytes(record);
        this.bytes += size - (this.sizes[i] ?? 0);
        this.sizes[i] = size;
        this.trim();
        return true;
      }
    }
    return false;
  }

  /** Drops the record of `messageId` (a redelivery found out before handling). */
  remove(messageId: string): void {
    for (let i = this.records.length - 1; i >= 0; i--) {
      if (this.records[i]?.messageId === messageId) {
        this.bytes -= this.sizes[i] ?? 0;
        this.records.splice(i, 1);
        this.sizes.splice(i, 1);
        return;
      }
    }
  }

  /** The records, oldest first (the array itself: callers must not change it). */
  get all(): ThreadMessageRecord[] {
    return this.records;
  }

  private trim(): void {
    if (!this.limit) return;
    while (this.records.length > 1 && (this.records.length > this.limit.count || this.bytes > this.limit.bytes)) {
      this.records.shift();
      this.bytes -= this.sizes.shift() ?? 0;
    }
  }
}

/** The thread's message totals over all runs (see `ThreadMessageCounts`). */
export class MessageCounters {
  received: number;
  handled: number;
  duplicates: number;
  private readonly byAction: Record<string, number>;

  constructor(counts: Omit<ThreadMessageCounts, 'pending'>) {
    this.received = counts.received;
    this.handled = counts.handled;
    this.duplicates = counts.duplicates;
    this.byAction = { ...counts.byAction };
  }

  /** Counts from the records of a thread carried before counters existed (it carried every record). */
  static fromRecords(records: readonly ThreadMessageRecord[], duplicates: number): MessageCounters {
    const counters = new MessageCounters({ received: records.length + duplicates, handled: 0, duplicates, byAction: {} });
    for (const record of records) if (record.status === 'handled' && record.outcome) counters.countHandled(record.outcome);
    return counters;
  }

  countHandled(outcome: MessageOutcome): void {
    this.handled += 1;
    const known = outcome.action in this.byAction || Object.keys(this.byAction).length < OUTCOME_ACTIONS_COUNTED;
    const key = known ? outcome.action : 'other';
    this.byAction[key] = (this.byAction[key] ?? 0) + 1;
  }

  toJSON(pending: number): ThreadMessageCounts {
    return { received: this.received, handled: this.handled, duplicates: this.duplicates, pending, byAction: { ...this.byAction } };
  }
}
