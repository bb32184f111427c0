import type { EmailMessage, QueuedMessage, StashedMessages } from '@org/orchestrator-contracts';
import { jsonBytes } from './windows';

/** One accepted message waiting in the queue. */
export interface PendingEntry {
  message: EmailMessage;
  /** Serialized size of `message`. */
  bytes: number;
  /** Not yet known to be the first copy of its id: check it (ledger, earlier entries) before handling. */
  check: boolean;
  /** Found to be a redelivery: skipped (and counted) when it reaches the front. */
  duplicate: boolean;
}

export function pendingEntry(message: EmailMessage, check = false): PendingEntry {
  return { message, bytes: jsonBytes(message), check, duplicate: false };
}

/** An entry as stashed or carried: one whose check is pending, or which was found a duplicate, is checked again. */
export function queuedMessage(entry: PendingEntry): QueuedMessage {
  return entry.check || entry.duplicate ? { message: entry.message, check: true } : { message: entry.message };
}

/** A first-in first-out list with O(1) removal at the front. */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private start = 0;

  constructor(items: readonly T[] = []) {
    this.items = [...items];
  }

  get length(): number {
    return this.items.length - this.start;
  }

  get first(): T | undefined {
    return this.items[this.start];
  }

  at(index: number): T | undefined {
    return this.items[this.start + index];
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.start >= this.items.length) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined;
    this.start += 1;
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return item;
  }

  toArray(): T[] {
    return this.items.slice(this.start) as T[];
  }
}

/**
 * The thread's accepted, unhandled messages in arrival order: first the rest of the stash loaded
 * last (`head`), then stashes not loaded yet, then the messages this run accepted or carried
 * inline (`tail`). Stashes are loaded and written by activities (see `pending-io.ts`); this class
 * only keeps the order and the sizes.
 */
export class PendingQueue {
  /** Messages a retry put back at the front (see `failures.ts`): at most a few, always in memory. */
  private requeued = new Fifo<PendingEntry>();
  private head = new Fifo<PendingEntry>();
  /** The stash `head` came from (carried with `skip` if the run continues as new before it is used up). */
  private headSource: StashedMessages | undefined;
  private readonly stashed: StashedMessages[];
  private tail: Fifo<PendingEntry>;
  private tailBytesTotal = 0;
  private stashedCount: number;

  constructor(inline: readonly EmailMessage[], checks: readonly string[], stashed: readonly StashedMessages[]) {
    const toCheck = new Set(checks);
    this.tail = new Fifo<PendingEntry>();
    for (const message of inline) this.push(pendingEntry(message, toCheck.has(message.messageId)));
    this.stashed = [...stashed];
    this.stashedCount = stashed.reduce((n, s) => n + s.count - (s.skip ?? 0), 0);
  }

  /** Messages waiting, duplicates not yet found out included. */
  get length(): number {
    return this.requeued.length + this.head.length + this.stashedCount + this.tail.length;
  }

  /**
   * Puts `entries` before everything else (a failed step's retry). While any of them wait in front
   * of a stash, the queue cannot be carried: a bounded run handles them first (see `suspend.ts`).
   */
  requeue(entries: readonly PendingEntry[]): void {
    this.requeued = new Fifo([...entries, ...this.requeued.toArray()]);
  }

  /** Messages a retry put back are waiting. */
  get hasRequeued(): boolean {
    return this.requeued.length > 0;
  }

  /** The front is in a stash that must be loaded first ({@link loaded}). */
  get needsLoad(): boolean {
    return this.requeued.length === 0 && this.head.length === 0 && this.stashed.length > 0;
  }

  /** The stash to load next. */
  get nextStash(): StashedMessages | undefined {
    return this.needsLoad ? this.stashed[0] : undefined;
  }

  /** Puts the entries of {@link nextStash} (all of them, as stashed) at the front. */
  loaded(entries: readonly QueuedMessage[]): void {
    const source = this.stashed.shift();
    if (!source) throw new Error('no stash to load');
    const skip = source.skip ?? 0;
    this.stashedCount -= source.count - skip;
    this.head = new Fifo(entries.slice(skip).map((e) => pendingEntry(e.message, e.check === true)));
    this.headSource = source;
  }

  /** The first entry in memory (undefined when the queue is empty or the front is stashed). */
  get front(): PendingEntry | undefined {
    if (this.requeued.length > 0) return this.requeued.first;
    return this.head.length > 0 ? this.head.first : this.stashed.length > 0 ? undefined : this.tail.first;
  }

  /** Up to `n` entries from the front, all from one segment (the loaded stash, or the tail). */
  frontEntries(n: number): PendingEntry[] {
    const segment = this.requeued.length > 0 ? this.requeued : this.head.length > 0 ? this.head : this.stashed.length > 0 ? undefined : this.tail;
    if (!segment) return [];
    const entries: PendingEntry[] = [];
    for (let i = 0; i < Math.min(n, segment.length); i++) entries.push(segment.at(i) as PendingEntry);
    return entries;
  }

  /** Removes and returns the front entry (only when it is in memory). */
  shift(): PendingEntry | undefined {
    if (this.requeued.length > 0) return this.requeued.shift();
    if (this.head.length > 0) {
      const entry = this.head.shift();
      if (this.head.length === 0) this.headSource = undefined;
      return entry;
    }
    if (this.stashed.length > 0) return undefined;
    const entry = this.tail.shift();
    if (entry) this.tailBytesTotal -= entry.bytes;
    return entry;
  }

  push(entry: PendingEntry): void {
    this.tail.push(entry);
    this.tailBytesTotal += entry.bytes;
  }

  /** Serialized size of the tail: what would be carried inline. */
  get tailBytes(): number {
    return this.tailBytesTotal;
  }

  /**
   * Removes the whole tail, cut into groups of at most `maxBytes` (a bigger message is a group of
   * its own), to be stashed; then {@link stashedTail} appends their references in the same order.
   */
  takeTail(maxBytes: number): PendingEntry[][] {
    const groups: PendingEntry[][] = [];
    let group: PendingEntry[] = [];
    let bytes = 0;
    for (const entry of this.tail.toArray()) {
      if (group.length > 0 && bytes + entry.bytes > maxBytes) {
        groups.push(group);
        group = [];
        bytes = 0;
      }
      group.push(entry);
      bytes += entry.bytes;
    }
    if (group.length > 0) groups.push(group);
    this.tail = new Fifo<PendingEntry>();
    this.tailBytesTotal = 0;
    return groups;
  }

  /** Appends stashed groups of the old tail (after what was stashed before, before what arrived since). */
  stashedTail(refs: readonly StashedMessages[]): void {
    this.stashed.push(...refs);
    this.stashedCount += refs.reduce((n, s) => n + s.count, 0);
  }

  /** What a new run starts from: stash references (the loaded one with what was used skipped), and the inline tail. */
  carry(): { stashed: StashedMessages[]; inline: EmailMessage[]; checks: string[] } {
    if (this.requeued.length > 0 && (this.head.length > 0 || this.stashed.length > 0))
      throw new Error('requeued messages wait in front of a stash: handle them before carrying the queue');
    const stashed = [...this.stashed];
    if (this.head.length > 0 && this.headSource) {
      stashed.unshift({ ...this.headSource, skip: this.headSource.count - this.head.length });
    }
    const tail = [...this.requeued.toArray(), ...this.tail.toArray()];
    return {
      stashed,
      inline: tail.map((e) => e.message),
      checks: tail.filter((e) => e.check || e.duplicate).map((e) => e.message.messageId),
    };
  }
}
