import type { CarriedThreadState, EmailMessage, StashedMessages } from '@org/orchestrator-contracts';
import { sampleMessage } from '../../__tests__/sample-messages';
import { jsonBytes, queuedMessage, THREAD_BOUNDS, ThreadBook } from '@org/orchestrator-thread-kit';

const T = '<root@example.com>';
const NOW = '2026-11-25T10:00:00.000Z';
const bounded = (carried?: CarriedThreadState) => new ThreadBook(T, carried, NOW, { bounded: true });
const id = (n: number) => sampleMessage(T, n).messageId;
/** A message whose id is ~900 characters: the seen window's byte bound drops ids after ~50 of them. */
const longIdMessage = (n: number) => sampleMessage(T, n, { messageId: `<${String(n).padStart(6, '0')}.${'x'.repeat(900)}@example.com>` });

/** A stand-in for the `stashMessages` activity, and its `loadStashedMessages`. */
function fakeStash() {
  const stashes = new Map<string, ReturnType<typeof queuedMessage>[]>();
  return {
    stashes,
    stash(entries: ReturnType<typeof queuedMessage>[]): StashedMessages {
      const ref = { id: `sha256:${String(stashes.size).padStart(64, '0')}`, count: entries.length, bytes: jsonBytes(entries) };
      stashes.set(ref.id, entries);
      return ref;
    },
  };
}

/** What `stashForContinueAsNew` does, synchronously. */
function stashTail(book: ThreadBook, stash: ReturnType<typeof fakeStash>) {
  const queue = book.pendingQueue;
  if (queue.tailBytes <= THREAD_BOUNDS.inlinePendingBytes) return;
  queue.stashedTail(queue.takeTail(THREAD_BOUNDS.stashChunkBytes).map((group) => stash.stash(group.map(queuedMessage))));
}

/** What `takeNextMessage` does, with a ledger of handled ids. */
function take(book: ThreadBook, stash: ReturnType<typeof fakeStash>, ledger: Set<string>, lookups: string[][] = []): EmailMessage | undefined {
  for (;;) {
    const work = book.frontWork();
    if (work?.kind === 'load') {
      book.loadedStash(stash.stashes.get(work.stash.id)!);
      continue;
    }
    if (work?.kind === 'check') {
      const ids = work.entries.filter((e) => e.check).map((e) => e.message.messageId);
      lookups.push(ids);
      book.checked(
        work.entries,
        ids.filter((i) => ledger.has(i)),
      );
      continue;
    }
    const next = book.takeNext();
    if (next || !book.hasPending) return next;
  }
}

function handle(book: ThreadBook, m: EmailMessage, ledger: Set<string>) {
  ledger.add(m.messageId);
  book.markHandled(m.messageId, { flow: 'unknown', action: 'recorded' });
}

describe('ThreadBook under bounded state', () => {
  it('keeps recent windows and counts everything, so a 10,000-message thread carries and shows little', () => {
    const book = bounded();
    const ledger = new Set<string>();
    for (let n = 1; n <= 10_000; n++) {
      book.accept(sampleMessage(T, n), NOW);
      handle(book, take(book, fakeStash(), ledger)!, ledger);
    }
    const state = book.state();
    expect(state.messages.length).toBeLessThanOrEqual(THREAD_BOUNDS.records);
    expect(state.messages.at(-1)).toMatchObject({ messageId: id(10_000), status: 'handled' });
    expect(state.counts).toEqual({ received: 10_000, handled: 10_000, duplicates: 0, pending: 0, byAction: { recorded: 10_000 } });
    const carried = book.carry();
    expect(carried.seenMessageIds.length).toBeLessThanOrEqual(THREAD_BOUNDS.seenIds);
    expect(carried.seenIdsDropped).toBe(10_000 - carried.seenMessageIds.length);
    expect(jsonBytes(carried)).toBeLessThan(THREAD_BOUNDS.payloadBudgetBytes);
    expect(jsonBytes(state)).toBeLessThan(THREAD_BOUNDS.payloadBudgetBytes);
    expect(book.summary(NOW).handled.length).toBeLessThanOrEqual(THREAD_BOUNDS.records);
  });

  it('bounds windows by bytes too: long ids and subjects cannot blow up the state', () => {
    const book = bounded();
    for (let n = 1; n <= 300; n++) book.accept(sampleMessage(T, n, { messageId: `<${n}.${'i'.repeat(990)}@x>`, subject: 's'.repeat(998) }), NOW);
    const carried = book.carry();
    expect(jsonBytes(carried.seenMessageIds)).toBeLessThanOrEqual(THREAD_BOUNDS.seenIdBytes);
    expect(jsonBytes(carried.messages)).toBeLessThanOrEqual(THREAD_BOUNDS.recordBytes + 2048);
    for (let n = 0; n < 200; n++) book.accept({ messageId: 'x'.repeat(998), junk: 'y'.repeat(10_000) }, NOW);
    expect(jsonBytes(book.state().rejected)).toBeLessThan(100 * 600);
  });

  it('checks ids the window dropped against the ledger, in batches, and skips redeliveries found there', () => {
    const book = bounded();
    const stash = fakeStash();
    const ledger = new Set<string>();
    for (let n = 1; n <= 100; n++) {
      book.accept(longIdMessage(n), NOW);
      handle(book, take(book, stash, ledger)!, ledger);
    }
    expect(book.carry().seenIdsDropped).toBeGreaterThan(40);
    // Redeliveries of early (dropped) and recent ids, and new messages, all at once.
    for (const n of [1, 2, 101, 3, 100, 102, 101]) book.accept(longIdMessage(n), NOW);
    expect(book.state().counts.duplicates).toBe(2); // 100 is still in the window, and so is 101 once seen
    const lookups: string[][] = [];
    const handled: string[] = [];
    for (let m = take(book, stash, ledger, lookups); m; m = take(book, stash, ledger, lookups)) {
      handled.push(m.messageId);
      handle(book, m, ledger);
    }
    expect(handled).toEqual([longIdMessage(101).messageId, longIdMessage(102).messageId]);
    expect(lookups).toHaveLength(1); // one batch for all of them
    expect(book.state().counts).toMatchObject({ received: 107, handled: 102, duplicates: 5, pending: 0 });
  });

  it('treats a copy of a message being handled as a redelivery, though the ledger has not recorded it yet', () => {
    const book = bounded();
    const stash = fakeStash();
    const ledger = new Set<string>();
    for (let n = 1; n <= 80; n++) {
      book.accept(longIdMessage(n), NOW);
      handle(book, take(book, stash, ledger)!, ledger);
    }
    book.accept(longIdMessage(81), NOW);
    const inHandling = take(book, stash, ledger)!;
    for (let n = 1; n <= 60; n++) book.accept(longIdMessage(1000 + n), NOW); // push 81 out of the window
    book.accept(longIdMessage(81), NOW);
    const taken: string[] = [];
    for (let m = take(book, stash, ledger); m; m = take(book, stash, ledger)) taken.push(m.messageId);
    expect(taken).not.toContain(inHandling.messageId);
    expect(taken).toHaveLength(60);
  });

  it('carries a backlog of 10,000 messages as a few stash references, in order, and loses none', () => {
    const book = bounded();
    const stash = fakeStash();
    for (let n = 1; n <= 10_000; n++) book.accept(sampleMessage(T, n, { text: `Message ${n}: ${'lorem ipsum '.repeat(20)}` }), NOW);
    const ledger = new Set<string>();
    handle(book, take(book, stash, ledger)!, ledger);
    stashTail(book, stash);
    const carried = book.carry();
    expect(carried.pending.length).toBe(0);
    expect(carried.pendingStashed!.length).toBeGreaterThan(5);
    expect(jsonBytes(carried)).toBeLessThan(THREAD_BOUNDS.payloadBudgetBytes);

    // The next run takes 150, continues as new again with half a stash used, then the rest.
    let next = bounded(carried);
    expect(next.state().counts.pending).toBe(9999);
    const order: string[] = [];
    for (let i = 0; i < 150; i++) {
      const m = take(next, stash, ledger)!;
      order.push(m.messageId);
      handle(next, m, ledger);
    }
    for (let n = 10_001; n <= 10_100; n++) next.accept(sampleMessage(T, n), NOW);
    stashTail(next, stash);
    next = bounded(next.carry());
    for (let m = take(next, stash, ledger); m; m = take(next, stash, ledger)) {
      order.push(m.messageId);
      handle(next, m, ledger);
    }
    expect(order).toEqual(Array.from({ length: 10_099 }, (_, i) => id(i + 2)));
    expect(next.state().counts).toMatchObject({ received: 10_100, handled: 10_100, pending: 0, duplicates: 0 });
  });

  it('keeps a suspended handling (and its flow configuration) for the next run, which resumes it first', () => {
    const book = bounded();
    book.accept(sampleMessage(T, 1), NOW);
    book.accept(sampleMessage(T, 2), NOW);
    const first = book.takeNext()!;
    book.flowConfig = { support: { agents: ['a@x'] } };
    book.suspend(first);
    const next = bounded(book.carry());
    expect(next.suspended?.message?.messageId).toBe(first.messageId);
    expect(next.flowConfig).toEqual({ support: { agents: ['a@x'] } });
    // A redelivery of the suspended message is not queued again.
    expect(next.accept(sampleMessage(T, 1), NOW).result).toBe('duplicate');
    const resumed = next.resumed();
    next.markHandled(resumed.messageId, { flow: 'support', action: 'answered-by-agent' });
    expect(next.takeNext()?.messageId).toBe(id(2));
    expect(next.state().counts).toMatchObject({ received: 3, handled: 1, duplicates: 1, pending: 0 });
  });

  it('reads a thread carried before bounded state: every id and record, no counters', () => {
    const legacy = new ThreadBook(T, undefined, NOW);
    const ledger = new Set<string>();
    for (let n = 1; n <= 1500; n++) legacy.accept(sampleMessage(T, n), NOW);
    for (let n = 1; n <= 1400; n++) handle(legacy, legacy.takeNext()!, ledger);
    legacy.accept(sampleMessage(T, 5), NOW);
    const carried = legacy.carry();
    expect(carried.seenMessageIds).toHaveLength(1500);
    expect(carried.messages).toHaveLength(1500);

    const next = bounded({ ...carried, counts: undefined });
    expect(next.state().counts).toMatchObject({ received: 1501, handled: 1400, duplicates: 1, pending: 100 });
    expect(next.state().messages.length).toBeLessThanOrEqual(THREAD_BOUNDS.records);
    expect(next.carry().seenIdsDropped).toBe(1500 - THREAD_BOUNDS.seenIds);
    // An id from before the window: checked against the ledger when its turn comes.
    expect(next.accept(sampleMessage(T, 3), NOW).result).toBe('queued');
    const taken: string[] = [];
    for (let m = take(next, fakeStash(), ledger); m; m = take(next, fakeStash(), ledger)) {
      taken.push(m.messageId);
      handle(next, m, ledger);
    }
    expect(taken).toHaveLength(100);
    expect(taken).not.toContain(id(3));
  });

  it('counts at most a fixed number of outcome actions by name', () => {
    const book = bounded();
    for (let n = 1; n <= 60; n++) {
      book.accept(sampleMessage(T, n), NOW);
      book.markHandled(book.takeNext()!.messageId, { flow: 'unknown', action: `action-${n}` });
    }
    const { byAction } = book.state().counts;
    expect(Object.keys(byAction)).toHaveLength(51);
    expect(byAction['other']).toBe(10);
  });
});
