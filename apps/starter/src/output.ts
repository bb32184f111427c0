import type { DeliveryReceipt, ThreadListing } from '@org/orchestrator-contracts/client';
import type { ApprovalState, EnvSource, ThreadState } from '@org/orchestrator-contracts';
import { approvalProgress, defineEnvVariable, envSchemas, readEnvVariable, threadWorkflowId } from '@org/orchestrator-contracts';
import type { CliIo } from './context';

/** Prints `value` as pretty JSON (the `--json` output of every command). */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Aligns `[label, value]` rows into two columns. */
export function table(rows: [string, string][], indent = ''): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`).join('\n');
}

/** The receipt of `deliver`, one field per line. */
export function formatReceipt(receipt: DeliveryReceipt): string {
  return [
    `delivered ${receipt.messageId}`,
    table(
      [
        ['thread', receipt.threadId],
        ['workflow', receipt.workflowId],
        ['run', receipt.runId],
      ],
      '  ',
    ),
  ].join('\n');
}

/** A readable summary of a thread's state (the JSON is available with `--json`). */
export function formatThreadState(state: ThreadState): string {
  const handled = state.messages.filter((m) => m.status === 'handled').length;
  // Threads started before bounded state answer without counters; their records are complete.
  const counts = state.counts ?? {
    received: state.messages.length + state.duplicatesIgnored,
    handled,
    pending: state.messages.filter((m) => m.status === 'queued').length,
  };
  const shown =
    counts.received - state.duplicatesIgnored > state.messages.length
      ? ` (the ${state.messages.length} most recent shown; all: orchestrator messages '${state.threadId}')`
      : '';
  const lines = [
    table([
      ['thread', state.threadId],
      ['workflow', threadWorkflowId(state.threadId)],
      ['status', state.status],
      ['flow', state.flow ?? '(not chosen yet)'],
      ['started', state.startedAt],
      ['messages', `${counts.received - state.duplicatesIgnored} (${counts.handled} handled, ${counts.pending} pending)${shown}`],
      ['duplicates ignored', String(state.duplicatesIgnored)],
      ['rejected', String(state.rejected.length)],
      ['continued as new', String(state.continuedAsNew)],
    ]),
  ];
  lines.push(...formatEscalation(state));
  lines.push(...formatApproval(state));
  for (const message of state.messages) {
    const outcome = message.outcome
      ? ` -> ${message.outcome.flow}: ${message.outcome.action}${message.outcome.replyMessageId ? ` (reply ${message.outcome.replyMessageId})` : ''}`
      : '';
    lines.push(`  [${message.status}] ${message.messageId} from ${message.from} "${message.subject}"${outcome}`);
  }
  for (const rejected of state.rejected) {
    const issues = rejected.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    lines.push(`  [rejected] ${rejected.signal} ${rejected.messageId ?? ''} ${rejected.reason}${issues ? ` (${issues})` : ''}`);
  }
  return lines.join('\n');
}

/** The thread's approval: what, its status, and under a policy who approved and who is awaited. */
function formatApproval(state: ThreadState): string[] {
  const approval = (state.flowState as { approval?: ApprovalState } | null | undefined)?.approval;
  if (!approval) return [];
  const progress = approvalProgress(approval);
  const rows: [string, string][] = [['approval', `${approval.subject} of ${approval.currency} ${approval.amount}: ${approval.status}`]];
  if (progress) {
    rows.push(['policy', `${progress.policy}; ${progress.summary}`]);
    if (progress.approved.length > 0) rows.push(['approved by', progress.approved.join(', ')]);
    if (progress.rejected.length > 0) rows.push(['rejected by', progress.rejected.join(', ')]);
    if (progress.awaited.length > 0) rows.push(['awaiting', progress.awaited.join(', ')]);
  } else if (approval.decision) {
    rows.push([`${approval.decision.decision} by`, approval.decision.approver]);
  }
  return [table(rows)];
}

/** Why a person owns the thread, and for a failed step what failed and how to retry it. */
function formatEscalation(state: ThreadState): string[] {
  const escalation = state.escalation;
  if (!escalation) return [];
  const lines = [`  escalated: ${escalation.reason}${escalation.status ? ` [${escalation.status}]` : ''} since ${escalation.at}`];
  const step = escalation.failedStep;
  if (step) {
    lines.push(`    failed: ${step.activity} (${step.failure.type}): ${step.failure.message}`);
    lines.push(`    ${step.during === 'idle' ? 'in idle handling' : `handling ${step.messageId}`}; ${step.attempts} attempt(s); ${step.held} message(s) held`);
    if (step.retry) lines.push(`    retry asked by ${step.retry.requestedBy} at ${step.retry.requestedAt}`);
    if (escalation.status === 'needs-human') lines.push(`    retry with: orchestrator retry '${state.threadId}' --as <your address>`);
  }
  return lines;
}

/** One line of `list`: status, start time, thread id. */
export function formatListing(listing: ThreadListing): string {
  return `${listing.status.padEnd(10)}  ${listing.startTime.toISOString()}  ${listing.threadId}`;
}

/** The CLI's own variables, declared once (the others are the Temporal settings and the shared ones); tabled in its README. */
export const STARTER_ENV = {
  temporalUiUrl: defineEnvVariable({
    name: 'TEMPORAL_UI_URL',
    schema: envSchemas.text('an http(s) URL'),
    default: '`http://localhost:8233`',
    meaning: 'Base address of the Temporal Web UI, for the links `demo` prints',
  }),
} as const;

/** Base address of the Temporal Web UI: `TEMPORAL_UI_URL`, default the dev server's. */
export function webUiUrl(env: EnvSource): string {
  return (readEnvVariable(env, STARTER_ENV.temporalUiUrl) ?? 'http://localhost:8233').replace(/\/+$/, '');
}

/** Link to one workflow in the Web UI. */
export function workflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
