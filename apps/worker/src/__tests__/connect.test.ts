import { connectPatiently } from '../connect';

/** A fake clock that advances only when the code under test sleeps. */
function fakeClock() {
  let time = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => time,
    sleep: async (ms: number) => {
      pauses.push(ms);
      time += ms;
    },
  };
}

describe(connectPatiently, () => {
  it('waits for a server that is not up yet, logging each failed attempt', async () => {
    const clock = fakeClock();
    const log: string[] = [];
    let calls = 0;
    const connection = await connectPatiently(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('tcp connect error: Connection refused');
        return 'connected';
      },
      { timeoutMs: 60_000, log: (line) => log.push(line), target: 'Temporal at 127.0.0.1:7233', ...clock },
    );
    expect(connection).toBe('connected');
    expect(clock.pauses).toEqual([500, 1000, 2000]);
    expect(log).toHaveLength(3);
    expect(log[0]).toBe('Temporal at 127.0.0.1:7233 unreachable (attempt 1: tcp connect error: Connection refused); retrying in 0.5 s, for 60 s more');
  });

  it('gives up with the last error once the time is up, never waiting past it', async () => {
    const clock = fakeClock();
    let calls = 0;
    const attempt = connectPatiently(
      async () => {
        calls += 1;
        throw new Error(`refused ${calls}`);
      },
      { timeoutMs: 10_000, log: () => undefined, target: 'Temporal', ...clock },
    );
    await expect(attempt).rejects.toThrow('refused 6');
    // 0.5 + 1 + 2 + 4 s, then the 2.5 s left: the last attempt comes exactly at the deadline.
    expect(clock.pauses).toEqual([500, 1000, 2000, 4000, 2500]);
    expect(clock.now()).toBe(10_000);
  });

  it('does not retry at all with no time to wait', async () => {
    const clock = fakeClock();
    await expect(
      connectPatiently(() => Promise.reject(new Error('refused')), { timeoutMs: 0, log: () => undefined, target: 'Temporal', ...clock }),
    ).rejects.toThrow('refused');
    expect(clock.pauses).toEqual([]);
  });
});
