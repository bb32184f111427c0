import type { HandledRow, OrchestratorStore } from '@org/orchestrator-activities';
import type { AsyncCompatible } from '@org/orchestrator-postgres';

/** Thrown to whoever still waits when the run's time is up. */
export class ChaosDeadlineError extends Error {
  constructor(what: string) {
    super(`time is up while waiting for ${what}`);
    this.name = 'ChaosDeadlineError';
  }
}

/**
 * Watches the handled-message ledger (the workers' SQLite store, or their PostgreSQL database) by polling: how many of the
 * run's messages are handled, and a promise per message that resolves once it is.
 */
export class HandledWatcher {
  private rows = new Map<string, HandledRow[]>();
  private readonly waiters = new Map<string, { resolve: () => void; reject: (error: Error) => void }[]>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly store: AsyncCompatible<OrchestratorStore>,
    private readonly isOurs: (messageId: string) => boolean,
  ) {}

  /** Distinct messages of this run with at least one ledger row. */
  get handledCount(): number {
    return this.rows.size;
  }

  /** Every ledger row of this run's messages, by Message-ID (as of the last poll). */
  get rowsByMessage(): ReadonlyMap<string, HandledRow[]> {
    return this.rows;
  }

  start(intervalMs = 200): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  /** Stops polling after a last poll; whoever still waits gets a {@link ChaosDeadlineError}. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.polling;
    await this.poll();
    for (const [messageId, waiters] of this.waiters) for (const w of waiters) w.reject(new ChaosDeadlineError(`${messageId} to be handled`));
    this.waiters.clear();
  }

  /** Resolves once `messageId` has a ledger row. */
  handled(messageId: string): Promise<void> {
    if (this.rows.has(messageId)) return Promise.resolve();
    if (this.stopped) return Promise.reject(new ChaosDeadlineError(`${messageId} to be handled`));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(messageId) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(messageId, list);
    });
  }

  /** Reads the ledger (one read at a time: a poll while one runs joins it). */
  poll(): Promise<void> {
    this.polling ??= this.read().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async read(): Promise<void> {
    const rows = new Map<string, HandledRow[]>();
    for (const row of await this.store.handledMessages()) {
      if (!this.isOurs(row.messageId)) continue;
      rows.set(row.messageId, [...(rows.get(row.messageId) ?? []), row]);
    }
    this.rows = rows;
    for (const [messageId, waiters] of this.waiters) {
      if (!rows.has(messageId)) continue;
      this.waiters.delete(messageId);
      for (const w of waiters) w.resolve();
    }
  }
}
