import type { Logger } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';

const noop = () => undefined;

/** A logger that prints nothing: for a `MockActivityEnvironment` whose activities fail on purpose. */
export const quietLogger: Logger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

/** What `call` threw: an `ApplicationFailure`, else the test fails naming what came instead. */
export async function activityFailure(call: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await call.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in outcome && outcome.error instanceof ApplicationFailure) return outcome.error;
  throw new Error(`expected an ApplicationFailure, got ${'error' in outcome ? String(outcome.error) : `the result ${JSON.stringify(outcome.value)}`}`);
}
