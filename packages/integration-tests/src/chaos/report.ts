import type { ChaosReport } from './verify';

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);

/** What delayed the slowest handlings, one line each: `2 × draftSupportAnswer after start-to-close timeout (waited up to 120 s)`. */
function slowCauses(report: ChaosReport): string[] {
  const { activityRetries, workflowTaskTimeouts, threads } = report.slowCauses;
  if (threads.length === 0) return [];
  const causes = activityRetries.map((r) => `  - ${r.count} × ${r.what} (waited up to ${seconds(r.longestWaitMs)})`);
  if (workflowTaskTimeouts) causes.push(`  - ${workflowTaskTimeouts} workflow task(s) timed out`);
  const slowest = report.slowest.map((s) => seconds(s.ms)).join(', ');
  return [
    `slowest handlings: ${slowest}; in the histories of ${threads.length} thread(s) (unfinished, then slowest):`,
    ...(causes.length ? causes : ['  - no retries or timeouts']),
  ];
}

/** The report as a two-column text table (what `npm run chaos` prints). */
export function formatChaosTable(report: ChaosReport): string {
  const { messages, emails, latencyMs } = report;
  const rows: [string, string][] = [
    ['threads', `${report.threads} (${report.threadsCompleted} completed after COMPLETE_THREAD)`],
    ['messages', `${messages.delivered} delivered of ${messages.planned} (${report.messagesPerThread} per thread)`],
    [
      'workers',
      `${report.workers} processes, one task queue, ${report.hosts === 'separate' ? 'separate hosts on PostgreSQL and S3' : 'one SQLite data folder'}`,
    ],
    ['kills', `${report.kills.done} of ${report.kills.requested} (SIGKILL, restarted at once)`],
    [
      'server restarts',
      `${report.serverRestarts.done} of ${report.serverRestarts.requested}${report.serverRestarts.done ? ` (${report.serverRestarts.signal}, down ${report.serverRestarts.downtimeMs.map((ms) => seconds(ms)).join(', ')})` : ''}`,
    ],
    ['handled', `${messages.handled} (ledger retries after kills: ${report.ledgerRetries})`],
    ['handled twice', String(messages.handledTwice)],
    ['lost', String(messages.lost + messages.notDelivered)],
    [
      'emails',
      `${emails.received} at the sink (expected ${emails.expected}${emails.otherLedgerMail ? `, + ${emails.otherLedgerMail} other ledger mail` : ''})`,
    ],
    [
      'duplicate emails',
      emails.duplicates === 0
        ? '0'
        : `${emails.duplicates - emails.duplicatesAfterKill} (+ ${emails.duplicatesAfterKill} re-sent: sender killed between the sink's receipt and its ledger write)`,
    ],
    ['missing emails', String(emails.missing + emails.notInLedger)],
    ['delivery retries', String(report.deliveryRetries)],
    ['worker crashes', String(report.unexpectedWorkerExits.length)],
    ['latency p50 / p95', `${seconds(latencyMs.p50)} / ${seconds(latencyMs.p95)} (max ${seconds(latencyMs.max)}; delivered → handled)`],
    ['wall time', `${seconds(report.wallTimeMs)} (+ ${seconds(report.setupMs)} setup)`],
    ['result', report.ok ? 'PASS' : 'FAIL'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  const body = rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v.padEnd(valueWidth)} |`);
  const header = `chaos run, seed ${report.seed}, ${report.startedAt}`;
  const problems = report.problems.map((p) => `  - ${p}`);
  for (const thread of report.unfinished.slice(0, 5)) problems.push(`  - ${thread.threadId} waits for: ${thread.pending.join('; ')}`);
  if (report.unfinished.length > 5) problems.push(`  - … ${report.unfinished.length - 5} more unfinished thread(s) described in the JSON report`);
  return [header, line, ...body, line, ...slowCauses(report), ...(problems.length ? ['problems:', ...problems] : [])].join('\n');
}
