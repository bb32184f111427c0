import { formatChaosTable } from './chaos/report';
import { runChaos } from './chaos/run-chaos';

// The CI-sized chaos run (`npm run chaos` is the full one): the built worker in two processes on a
// dev server with a database file, workers SIGKILLed at random moments and restarted, the server
// restarted once mid-run, answers to a real SMTP sink. A failing seed is printed: rerun it with
// `npm run chaos -- --seed <seed> --threads 16 --kills 4`.
const TIME_LIMIT_MS = 150_000;

describe('chaos: worker kills and a server restart mid-run', () => {
  it(
    'loses no message, sends no email twice and completes every thread',
    async () => {
      const log: string[] = [];
      const report = await runChaos({
        threads: 16,
        messagesPerThread: 3,
        workers: 2,
        kills: 4,
        serverRestarts: 1,
        openThreads: 16,
        timeoutMs: TIME_LIMIT_MS - 20_000,
        log: (line) => log.push(line),
      });
      const table = formatChaosTable(report);
      console.log(`${table}\n${log.join('\n')}`);

      expect(report.problems).toEqual([]);
      expect(report.messages).toMatchObject({ planned: 48, delivered: 48, handled: 48, handledTwice: 0, lost: 0 });
      // Every answer at the sink, none twice, except one whose sender was killed after the sink had it
      // and before the ledger said sent (SMTP's at-least-once window): the retry cannot know, and sends it again.
      expect(report.emails).toMatchObject({ missing: 0, notInLedger: 0, stillSending: 0 });
      expect(report.emails.duplicates).toBe(report.emails.duplicatesAfterKill);
      expect(report.emails.received - report.emails.duplicates).toBe(report.emails.expected);
      expect(report.emails.expected).toBe(48);
      expect(report.threadsCompleted).toBe(16);
      expect(report.kills.done).toBe(4);
      expect(report.serverRestarts.done).toBe(1);
    },
    TIME_LIMIT_MS + 30_000,
  );
});
