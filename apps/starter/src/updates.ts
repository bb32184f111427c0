import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { CliError, UsageError } from './errors';
import { updateRefusal } from './temporal-errors';
import { TIMED_OUT, withTimeLimit } from './wait';

/** How long `approve`, `reject` and `reply` wait for the thread to take the update, by default. */
export const DEFAULT_UPDATE_TIMEOUT_S = 30;

/**
 * Sends an update through `call` (a contracts helper such as `decideApproval`) and waits at most
 * `timeoutMs` for the thread's answer.
 * @throws {RefusedError} when the thread refuses it (exit 3).
 * @throws {CliError} when no worker answers in time: the update may still be applied later.
 */
export async function sendUpdate<T>(
  client: ThreadClient,
  threadId: string,
  options: { timeoutMs: number; taskQueue: string; what: string },
  call: () => Promise<T>,
): Promise<T> {
  let result: T | typeof TIMED_OUT;
  try {
    result = await withTimeLimit(client, options.timeoutMs, call);
  } catch (error) {
    throw updateRefusal(error, threadId) ?? error;
  }
  if (result === TIMED_OUT) {
    throw new CliError(
      `no answer from thread ${threadId} within ${options.timeoutMs / 1000}s. Is a worker polling task queue '${options.taskQueue}'? ` +
        `The ${options.what} was not confirmed and may still be applied when a worker picks it up; check with "orchestrator state '${threadId}'".`,
    );
  }
  return result;
}

/** Parses `--timeout` (seconds, a positive number) for `command`. */
export function timeoutSeconds(command: string, value: string): number {
  const parsed = Number(value);
  if (!value.trim() || !Number.isFinite(parsed) || parsed <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${value}`, command);
  }
  return parsed;
}
