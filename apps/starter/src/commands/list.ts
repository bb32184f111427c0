import type { ThreadListing } from '@org/orchestrator-contracts/client';
import { listThreads } from '@org/orchestrator-contracts/client';
import { parseCommandArgs } from '../args';
import type { Command } from '../context';
import { UsageError } from '../errors';
import { formatListing, printJson } from '../output';

const help = `Usage: orchestrator list [--status running|completed] [--query Q] [--limit N] [--json]

Lists thread workflows, newest first.

  --status  only running or only completed threads
  --query   a Temporal list filter, e.g. "OrchestratorFlow = 'procurement'"
  --limit   at most N threads

Example:
  orchestrator list --status running --limit 20`;

const STATUS_FILTERS = {
  running: "ExecutionStatus = 'Running'",
  completed: "ExecutionStatus = 'Completed'",
} as const;

/** `list`: lists thread workflows through the contracts helper. */
export const listCommand: Command = {
  name: 'list',
  summary: 'List thread workflows',
  help,
  async run(argv, context) {
    const { values } = parseCommandArgs('list', argv, { query: { type: 'string' }, limit: { type: 'string' }, status: { type: 'string' } }, false);
    const limit = values.limit === undefined ? undefined : positiveInteger(values.limit);
    const filters: string[] = [];
    if (values.status !== undefined) {
      if (!(values.status in STATUS_FILTERS)) throw new UsageError(`--status must be running or completed, got ${values.status}`, 'list');
      filters.push(STATUS_FILTERS[values.status as keyof typeof STATUS_FILTERS]);
    }
    if (values.query?.trim()) filters.push(`(${values.query.trim()})`);

    const { client } = await context.connect();
    const threads: ThreadListing[] = [];
    for await (const listing of listThreads(client, { query: filters.join(' AND ') || undefined, limit })) {
      threads.push(listing);
      if (!values.json) context.io.out(formatListing(listing));
    }
    if (values.json) printJson(context.io, threads);
    else if (threads.length === 0) context.io.out('no threads found');
  },
};

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`--limit must be a positive integer, got ${value}`, 'list');
  return Number(value);
}
