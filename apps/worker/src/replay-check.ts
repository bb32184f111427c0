import type { Client, DataConverter, HistoryAndWorkflowId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_TYPES } from '@org/orchestrator-contracts';
import { tracingSinks } from './tracing';

/** What {@link replayRecentHistories} fetches and replays. */
export interface ReplayCheckOptions {
  client: Client;
  /** The workflow bundle about to be deployed. */
  bundlePath: string;
  /** Workflows started after this instant (running or closed). */
  since: Date;
  /** At most this many histories per workflow type, newest first. */
  samplePerType: number;
  dataConverter?: DataConverter;
  /** Called once per replayed history. */
  onResult?: (result: ReplayOutcome) => void;
}

/** One replayed history: `nondeterministic` means the new code would fail this run's next workflow task. */
export interface ReplayOutcome {
  workflowType: string;
  workflowId: string;
  runId: string;
  status: 'ok' | 'nondeterministic' | 'failed';
  error?: string;
}

/** Totals of a replay check; `ok` only when nothing was nondeterministic or failed. */
export interface ReplaySummary {
  replayed: number;
  byType: Record<string, number>;
  nondeterministic: ReplayOutcome[];
  failed: ReplayOutcome[];
  ok: boolean;
}

async function* sampledHistories(client: Client, since: Date, samplePerType: number, typeOf: Map<string, string>): AsyncGenerator<HistoryAndWorkflowId> {
  for (const workflowType of Object.values(WORKFLOW_TYPES)) {
    let taken = 0;
    const query = `WorkflowType = '${workflowType}' AND StartTime > '${since.toISOString()}'`;
    for await (const execution of client.workflow.list({ query })) {
      if (taken >= samplePerType) break;
      taken++;
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      typeOf.set(`${execution.workflowId}/${execution.runId}`, workflowType);
      yield { workflowId: execution.workflowId, history };
    }
  }
}

/**
 * The pre-deploy check: replays recent histories of every workflow type (`WORKFLOW_TYPES`) against
 * the bundle about to be deployed. A nondeterministic result means threads running now would stop
 * on the new code (a change not guarded by `patched()`): do not deploy.
 */
export async function replayRecentHistories(options: ReplayCheckOptions): Promise<ReplaySummary> {
  const typeOf = new Map<string, string>();
  const summary: ReplaySummary = { replayed: 0, byType: {}, nondeterministic: [], failed: [], ok: true };
  const results = Worker.runReplayHistories(
    {
      workflowBundle: { codePath: options.bundlePath },
      replayName: 'pre-deploy replay check',
      sinks: tracingSinks(undefined),
      ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    },
    sampledHistories(options.client, options.since, options.samplePerType, typeOf),
  );
  for await (const result of results) {
    const workflowType = typeOf.get(`${result.workflowId}/${result.runId}`) ?? 'unknown';
    const status = !result.error ? 'ok' : result.error.name === 'DeterminismViolationError' ? 'nondeterministic' : 'failed';
    const outcome: ReplayOutcome = {
      workflowType,
      workflowId: result.workflowId,
      runId: result.runId,
      status,
      ...(result.error ? { error: result.error.message } : {}),
    };
    summary.replayed++;
    summary.byType[workflowType] = (summary.byType[workflowType] ?? 0) + 1;
    if (status === 'nondeterministic') summary.nondeterministic.push(outcome);
    if (status === 'failed') summary.failed.push(outcome);
    options.onResult?.(outcome);
  }
  summary.ok = summary.nondeterministic.length === 0 && summary.failed.length === 0;
  return summary;
}
