import type { ThreadClient } from '@org/orchestrator-contracts/client';

/** Marker returned by {@link withTimeLimit} when time ran out first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Runs `call` (Temporal calls made through `client`) for at most `ms`, then cancels its RPCs and
 * resolves with {@link TIMED_OUT}. Cancelling matters: an RPC merely abandoned keeps being
 * retried by the client and crashes the process once the connection is closed.
 */
export async function withTimeLimit<T>(client: ThreadClient, ms: number, call: () => Promise<T>): Promise<T | typeof TIMED_OUT> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, ms));
  try {
    return await client.workflow.connection.withAbortSignal(controller.signal, call);
  } catch (error) {
    if (controller.signal.aborted) return TIMED_OUT;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** `setTimeout` as a promise. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
