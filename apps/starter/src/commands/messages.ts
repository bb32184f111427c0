import type { HandledListing } from '@org/orchestrator-activities/ledger';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../context';
import { CliError, UsageError } from '../errors';
import { printJson } from '../output';
import { DEFAULT_ORCHESTRATOR_DB_PATH, SHARED_ENV } from '@org/orchestrator-contracts';
import { readSetting } from './database';

/** Where the workers keep their store (and the handled-message ledger) unless `ORCHESTRATOR_DB_PATH` says otherwise. */
export const DEFAULT_DB_PATH = DEFAULT_ORCHESTRATOR_DB_PATH;

const help = `Usage: orchestrator messages <threadId> [--limit N] [--before SEQ|TIME] [--json]

Lists the messages a thread handled, newest first, from the handled-message ledger: every one,
however long the thread (its state shows only the most recent ones). One line per handling:
its sequence number, when it was recorded, the flow's action, the message and its sender.

  --limit   at most N rows (default 50, at most 1000)
  --before  older rows only: before sequence number SEQ (as printed), or recorded before an ISO time

The ledger is read straight from the workers' store, read-only: their PostgreSQL database when
DATABASE_URL is set (from anywhere), else their SQLite file ORCHESTRATOR_DB_PATH (default
${DEFAULT_DB_PATH}; run this on the workers' host). Temporal is not contacted.

Examples:
  orchestrator messages '<20250701091500.4F2A@mail.acme-industries.example>'
  orchestrator messages '<20250701091500.4F2A@mail.acme-industries.example>' --limit 100 --before 5120`;

/** `messages <threadId>`: pages through the thread's handled-message ledger. */
export const messagesCommand: Command = {
  name: 'messages',
  summary: "List a thread's handled messages from the ledger (all of them, newest first)",
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('messages', argv, { limit: { type: 'string' }, before: { type: 'string' } }, true);
    const threadId = onePositional('messages', positionals, 'threadId');
    const limit = values.limit === undefined ? 50 : pageLimit(values.limit);
    const before = values.before === undefined ? undefined : cursor(values.before);
    // The workers' PostgreSQL database when they share one, else their SQLite file.
    const path = readSetting('messages', context, SHARED_ENV.databaseUrl) ?? readSetting('messages', context, SHARED_ENV.orchestratorDbPath) ?? DEFAULT_DB_PATH;

    const ledger = await context.openLedger(path).catch((error: unknown) => {
      throw new CliError(
        `cannot read the ledger at ${path}: ${error instanceof Error ? error.message : String(error)}\n` +
          "Set ORCHESTRATOR_DB_PATH to the workers' database file and run this on their host.",
        undefined,
        { cause: error },
      );
    });
    let rows: HandledListing[];
    try {
      rows = await ledger.listHandled(threadId, { limit, ...(before === undefined ? {} : { before }) });
    } finally {
      await ledger.close();
    }
    if (values.json) {
      printJson(context.io, { threadId, messages: rows, ...(rows.length === limit ? { nextBefore: rows.at(-1)?.seq } : {}) });
      return;
    }
    if (rows.length === 0) {
      context.io.out(before === undefined ? `no handled messages recorded for thread ${threadId} in ${path}` : 'no older handled messages');
      return;
    }
    for (const row of rows) context.io.out(formatRow(row));
    if (rows.length === limit) context.io.out(`older: orchestrator messages '${threadId}' --limit ${limit} --before ${rows.at(-1)?.seq}`);
  },
};

/** One ledger row on one line. */
export function formatRow(row: HandledListing): string {
  const reply = row.replyMessageId ? ` -> reply ${row.replyMessageId}` : '';
  const retried = row.attempts > 1 ? ` (recorded ${row.attempts}×)` : '';
  const about = row.from ? ` from ${row.from}${row.subject !== undefined ? ` "${row.subject}"` : ''}` : '';
  return `#${row.seq}  ${row.firstRecordedAt}  ${row.flow}: ${row.action}  ${row.messageId}${about}${reply}${retried}`;
}

function pageLimit(value: string): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, got ${value}`, 'messages');
  return n;
}

function cursor(value: string): number | string {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!Number.isNaN(Date.parse(text)) && /^\d{4}-\d{2}-\d{2}/.test(text)) return new Date(text).toISOString();
  throw new UsageError(`--before must be a sequence number or an ISO time, got ${value}`, 'messages');
}
