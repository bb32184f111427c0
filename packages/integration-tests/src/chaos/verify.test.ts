import type { HandledRow, OutboxEntry } from '@org/orchestrator-activities';
import { chaosOptions, parseChaosArgs } from './options';
import { seededRandom } from '@org/orchestrator-testing';
import { percentile, sortedPoints } from './random';
import { formatChaosTable } from './report';
import { senderOf } from './sink-watcher';
import type { ChaosObservations } from './verify';
import { verifyChaos } from './verify';

const RUN = { seed: 1, taskQueue: 'q', startedAt: '2026-01-01T00:00:00.000Z', threads: 1, messagesPerThread: 2, workers: 2, kills: 1, serverRestarts: 0 };
const T0 = Date.parse('2026-01-01T00:00:10.000Z');

function row(messageId: string, replyMessageId: string, recordedAt: number): HandledRow {
  const at = new Date(recordedAt).toISOString();
  return {
    workflowRunId: 'r',
    activityId: messageId,
    threadId: '<m1>',
    messageId,
    flow: 'support',
    action: 'answered',
    replyMessageId,
    attempts: 1,
    firstRecordedAt: at,
    lastRecordedAt: at,
  };
}

function sent(messageId: string): OutboxEntry {
  return { messageId, threadId: '<m1>', fingerprint: 'f', status: 'sent', transport: 'smtp://sink', attempts: 1, claimedAt: new Date(T0).toISOString() };
}

/** A run where both messages were handled once and answered once, unless `change` says otherwise. */
function observations(change: Partial<ChaosObservations> = {}): ChaosObservations {
  return {
    planned: new Map([
      ['<m1>', { thread: 1 }],
      ['<m2>', { thread: 1 }],
    ]),
    delivered: new Map([
      ['<m1>', T0],
      ['<m2>', T0 + 1000],
    ]),
    deliveryRetries: 0,
    handled: new Map([
      ['<m1>', [row('<m1>', '<a1>', T0 + 500)]],
      ['<m2>', [row('<m2>', '<a2>', T0 + 3000)]],
    ]),
    emails: [
      { messageId: '<a1>', receivedAt: new Date(T0 + 400), sender: { state: 'recorded' } },
      { messageId: '<a2>', receivedAt: new Date(T0 + 2900), sender: { state: 'recorded' } },
    ],
    outbox: [sent('<a1>'), sent('<a2>')],
    threads: [{ threadId: '<m1>', completed: true }],
    kills: [{ atMs: 1000, at: new Date(T0 + 1000), victim: 'w1#1 (pid 4242)', pid: 4242 }],
    serverRestarts: [],
    unexpectedExits: [],
    slowCauses: { threads: [], activityRetries: [], workflowTaskTimeouts: 0 },
    unfinished: [],
    setupMs: 1000,
    runMs: 5000,
    timedOut: false,
    aborted: false,
    ...change,
  };
}

describe(verifyChaos, () => {
  it('passes a run that kept every promise, with latencies from delivery to the first ledger write', () => {
    const report = verifyChaos(RUN, observations());
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      messages: { delivered: 2, handled: 2, lost: 0, handledTwice: 0 },
      emails: { received: 2, expected: 2, duplicates: 0 },
    });
    expect(report.latencyMs).toMatchObject({ p50: 500, max: 2000, samples: 2 });
    expect(formatChaosTable(report)).toContain('| result            | PASS');
  });

  it('fails on a message never handled, one handled twice, and a thread without its summary', () => {
    const report = verifyChaos(
      RUN,
      observations({
        handled: new Map([['<m1>', [row('<m1>', '<a1>', T0 + 500), { ...row('<m1>', '<a1>', T0 + 600), workflowRunId: 'r2' }]]]),
        emails: [{ messageId: '<a1>', receivedAt: new Date(T0 + 400), sender: { state: 'recorded' } }],
        outbox: [sent('<a1>')],
        threads: [{ threadId: '<m1>', completed: false, problem: 'no summary' }],
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.messages).toMatchObject({ lost: 1, handledTwice: 1 });
    expect(report.problems.join('\n')).toMatch(/never handled: <m2>[\s\S]*more than once: <m1>[\s\S]*without a correct summary/);
  });

  it('counts a repeat whose earlier copy was sent by a worker we killed before it recorded it apart, and fails any other', () => {
    const killedSender = { state: 'sending' as const, owner: 'wf/3#1@vm:4242/abc', pid: 4242 };
    const window = verifyChaos(
      RUN,
      observations({ emails: [{ messageId: '<a1>', receivedAt: new Date(T0 + 400), sender: killedSender }, ...observations().emails] }),
    );
    expect(window.emails).toMatchObject({ received: 3, duplicates: 1, duplicatesAfterKill: 1 });
    expect(window.duplicateEmails[0]).toMatchObject({ messageId: '<a1>', killedSenders: ['w1#1 (pid 4242) at 2026-01-01T00:00:11.000Z'] });
    expect(window.duplicateEmails[0]?.copies.map((c) => c.sender.state)).toEqual(['sending', 'recorded']);
    expect(window.ok).toBe(true);

    // Sent again although its sender had recorded it, or by a sender that was never killed.
    for (const sender of [{ state: 'recorded' as const }, { ...killedSender, pid: 77 }]) {
      const again = verifyChaos(RUN, observations({ emails: [{ messageId: '<a2>', receivedAt: new Date(T0 + 2000), sender }, ...observations().emails] }));
      expect(again.emails).toMatchObject({ duplicates: 1, duplicatesAfterKill: 0 });
      expect(again.problems).toEqual([expect.stringContaining('1 email(s) received more than once, not explained by a kill of their sender: <a2> ×2')]);
    }
  });

  it('fails on an email without a sent ledger row, and an answer that never arrived', () => {
    const report = verifyChaos(
      RUN,
      observations({ emails: [{ messageId: '<stray>', receivedAt: new Date(T0), sender: { state: 'not-in-ledger' } }], outbox: [sent('<a1>'), sent('<a2>')] }),
    );
    expect(report.emails).toMatchObject({ missing: 2, notInLedger: 1 });
    expect(report.ok).toBe(false);
  });
});

describe(senderOf, () => {
  it('reads the process id of the attempt holding the lease', () => {
    const sending: OutboxEntry = {
      ...sent('<a1>'),
      status: 'sending',
      lease: { owner: 'email-thread-<x@y>/12#2@vm:31337/9f8e7d6c', expiresAt: '2026-01-01T00:00:40.000Z' },
    };
    expect(senderOf(sending)).toEqual({ state: 'sending', owner: 'email-thread-<x@y>/12#2@vm:31337/9f8e7d6c', pid: 31337 });
    expect(senderOf(sent('<a1>'))).toEqual({ state: 'recorded' });
    expect(senderOf(undefined)).toEqual({ state: 'not-in-ledger' });
  });
});

describe(parseChaosArgs, () => {
  it('reads flags and CHAOS_* variables (a flag wins), the timeout in seconds', () => {
    const { options, report } = parseChaosArgs(['--threads', '20', '--timeout=60', '--server-signal', 'sigkill', '--report', '/tmp/r.json'], {
      CHAOS_THREADS: '5',
      CHAOS_KILLS: '3',
    });
    expect(options).toMatchObject({ threads: 20, kills: 3, timeoutMs: 60_000, serverSignal: 'SIGKILL' });
    expect(report).toBe('/tmp/r.json');
    expect(() => parseChaosArgs(['--thread', '2'], {})).toThrow('unknown option --thread');
    expect(() => chaosOptions({ threads: 0 })).toThrow('threads must be a positive integer');
  });
});

describe('seeded choices', () => {
  it('repeat for a seed, and percentiles are nearest-rank', () => {
    expect(sortedPoints(seededRandom(7), 3, 0, 1)).toEqual(sortedPoints(seededRandom(7), 3, 0, 1));
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([], 95)).toBeUndefined();
  });
});
