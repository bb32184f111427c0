import type { ThreadState } from '@org/orchestrator-contracts';
import type { TemporalConfig, ThreadClient } from '@org/orchestrator-contracts/client';
import { getThreadState } from '@org/orchestrator-contracts/client';
import { CliError } from '../errors';
import type { DemoDelivery } from './signed-mail';
import { isTemporalUnavailable } from '../temporal-errors';
import { TIMED_OUT, withTimeLimit } from '../wait';

/** How often the demos ask a thread for its state. */
export const POLL_INTERVAL_MS = 250;

/** One run of a scripted demo: the connection, the time budget, and where progress goes. */
export interface DemoRun {
  client: ThreadClient;
  config: TemporalConfig;
  /** Sends a demo message: straight to Temporal, or as signed mail through the SMTP ingress (`--smtp`). */
  deliver: DemoDelivery;
  /** `Date.now()` value after which every wait fails. */
  deadline: number;
  /** `--timeout` in seconds, for messages. */
  timeoutS: number;
  /** A progress line (nothing with `--json`). */
  log(line: string): void;
  sleep(ms: number): Promise<void>;
  now(): Date;
  newId(): string;
}

/** Milliseconds left before the run's deadline (never negative). */
export function remainingMs(run: DemoRun): number {
  return Math.max(0, run.deadline - Date.now());
}

/**
 * Polls a thread's state every {@link POLL_INTERVAL_MS} until `check` returns a value (anything
 * but `undefined`), within the run's deadline. `check` may act (send an update) or throw a
 * `CliError` to stop early. Query errors are retried (the workflow may not have started yet),
 * except an unreachable server. The timeout error names `what` was awaited and what the thread
 * itself was waiting for.
 */
export async function pollThread<T>(
  run: DemoRun,
  threadId: string,
  what: string,
  check: (state: ThreadState) => T | undefined | Promise<T | undefined>,
): Promise<T> {
  let last: ThreadState | undefined;
  let lastError: unknown;
  for (;;) {
    const remaining = remainingMs(run);
    if (remaining <= 0) break;
    try {
      // A query waits for a worker; bound it so a missing worker ends in our timeout message.
      const state = await withTimeLimit(run.client, remaining, () => getThreadState(run.client, threadId));
      if (state === TIMED_OUT) break;
      last = state;
      lastError = undefined;
      const result = await check(state);
      if (result !== undefined) return result;
    } catch (error) {
      if (error instanceof CliError || isTemporalUnavailable(error)) throw error;
      lastError = error; // e.g. the workflow task has not run yet; keep polling
    }
    await run.sleep(Math.min(POLL_INTERVAL_MS, remainingMs(run)));
  }
  throw timedOut(run, `${what} (thread ${threadId})`, last, lastError);
}

/**
 * Runs `call` (e.g. `waitForThreadSummary`) within the run's deadline.
 * @throws {CliError} naming `what` when time runs out.
 */
export async function withinDeadline<T>(run: DemoRun, what: string, call: () => Promise<T>): Promise<T> {
  const result = await withTimeLimit(run.client, remainingMs(run), call);
  if (result === TIMED_OUT) throw timedOut(run, what, undefined, undefined);
  return result;
}

function timedOut(run: DemoRun, what: string, last: ThreadState | undefined, lastError: unknown): CliError {
  const awaiting = last && describeAwaiting(last);
  const parts = [
    `timed out after ${run.timeoutS}s waiting for ${what}.`,
    awaiting ? `The thread ${awaiting}.` : `Is a worker polling task queue '${run.config.taskQueue}'?`,
  ];
  if (lastError instanceof Error) parts.push(`Last query error: ${lastError.message}.`);
  return new CliError(parts.join(' '));
}

/** What a thread's flow waits for, from `flowState.step` and `flowState.awaiting`, e.g. "waits for quotes from a@x until 10:02:00 UTC". */
export function describeAwaiting(state: ThreadState): string | undefined {
  const flowState = state.flowState as { step?: unknown; awaiting?: { who?: unknown; what?: unknown; until?: unknown } };
  const awaiting = flowState.awaiting;
  if (awaiting && typeof awaiting.what === 'string') {
    const who = Array.isArray(awaiting.who) && awaiting.who.length > 0 ? ` from ${awaiting.who.join(', ')}` : '';
    const until = typeof awaiting.until === 'string' ? ` until ${clockTime(awaiting.until)}` : '';
    return `waits for ${awaiting.what}${who}${until}`;
  }
  return typeof flowState.step === 'string' ? `is at step ${flowState.step}` : undefined;
}

/** `HH:MM:SS UTC` of an ISO time (the dates of a demo are all today). */
export function clockTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** `1,234.50 EUR`; `-` without an amount. */
export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '-';
  const formatted = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${formatted} ${currency}` : formatted;
}

/** `text` on one line, at most `max` characters. */
export function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
