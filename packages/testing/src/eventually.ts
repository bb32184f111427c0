/**
 * Polls `probe` every `intervalMs` until it returns something other than `undefined`/`false`, and
 * returns that. A probe that throws (a workflow not started yet, a server between runs) is asked
 * again. After `timeoutMs` it fails with `what` and the last answer or error.
 *
 * @example
 * const mail = await eventually('the reply to Emma', () => sink.received.find((m) => m.envelope.to.includes(EMMA)));
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${describe(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(last: unknown): string {
  return last instanceof Error ? last.message : String(JSON.stringify(last)).slice(0, 3000);
}
