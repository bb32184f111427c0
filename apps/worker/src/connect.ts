/** How {@link connectPatiently} waits; the clock and the pause are injectable for tests. */
export interface ConnectPatientlyOptions {
  /** Give up (throwing the last error) once this much time has passed since the first attempt. */
  timeoutMs: number;
  /** Called once per failed attempt, with what failed and when the next attempt comes. */
  log: (line: string) => void;
  /** What is being reached, for the log, e.g. `Temporal at temporal:7233`. */
  target: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Calls `connect` until it succeeds, waiting between attempts (0.5 s doubling to 5 s) for at most
 * `timeoutMs`: a worker started while Temporal restarts (or before it, e.g. in the same deployment)
 * waits for it instead of exiting at once. Each failure is logged, so a wait is never silent; once
 * the time is up the last error is thrown.
 * @example
 * const connection = await connectPatiently(() => NativeConnection.connect(options), { timeoutMs: 60_000, log: console.warn, target: 'Temporal' });
 */
export async function connectPatiently<T>(connect: () => Promise<T>, options: ConnectPatientlyOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const giveUpAt = now() + options.timeoutMs;
  for (let attempt = 1, pauseMs = 500; ; attempt++, pauseMs = Math.min(5_000, pauseMs * 2)) {
    try {
      return await connect();
    } catch (error) {
      const left = giveUpAt - now();
      const reason = error instanceof Error ? error.message : String(error);
      if (left <= 0) throw error;
      const wait = Math.min(pauseMs, left);
      options.log(
        `${options.target} unreachable (attempt ${attempt}: ${reason}); retrying in ${(wait / 1000).toFixed(1)} s, for ${Math.ceil(left / 1000)} s more`,
      );
      await sleep(wait);
    }
  }
}
