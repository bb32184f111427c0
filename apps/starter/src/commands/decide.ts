import type { ApprovalDecision, ApprovalDecisionInput } from '@org/orchestrator-contracts';
import { InvalidPayloadError, approvalDecisionInputSchema, payloadIssues, threadWorkflowId } from '@org/orchestrator-contracts';
import type { ApprovalAction } from '@org/orchestrator-contracts/client';
import { decideApproval } from '@org/orchestrator-contracts/client';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../context';
import { UsageError } from '../errors';
import { printJson, table } from '../output';
import { DEFAULT_UPDATE_TIMEOUT_S, sendUpdate, timeoutSeconds } from '../updates';

type Verb = 'approve' | 'reject';

const ACTIONS: Record<Verb, { purchase: ApprovalAction; refund: ApprovalAction }> = {
  approve: { purchase: 'approvePurchase', refund: 'approveRefund' },
  reject: { purchase: 'rejectPurchase', refund: 'rejectRefund' },
};

const OPTIONS = {
  as: { type: 'string' },
  comment: { type: 'string' },
  refund: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

function help(verb: Verb): string {
  const action = ACTIONS[verb];
  return `Usage: orchestrator ${verb} <threadId> --as ADDRESS [--comment TEXT] [--refund] [--timeout SECONDS] [--json]

${verb === 'approve' ? 'Approves' : 'Rejects'} what a thread waits for: a purchase (update ${action.purchase}), or with
--refund a support refund (update ${action.refund}). Prints the decision as the thread recorded it.

  --as       the deciding approver's address; the thread accepts only its approvers
             (see "orchestrator state <threadId> --json": flowState.approval.approvers)
  --comment  a note kept with the decision${verb === 'reject' ? ' (the requester is told)' : ''}
  --refund   decide a refund instead of a purchase
  --timeout  seconds to wait for the thread's answer (default ${DEFAULT_UPDATE_TIMEOUT_S})

Exit codes: 0 recorded, 1 failed (Temporal unreachable, thread not found, no answer in time),
2 invalid usage or input, 3 refused by the thread (unknown approver, nothing pending, thread
completed; printed as "refused: <reason>", nothing changed).

Example:
  orchestrator ${verb} '<20250701091500.4F2A@mail.acme-industries.example>' --as approver@orchestrator.local${verb === 'reject' ? ' --comment "wait for Q1"' : ''}`;
}

/** `approve` / `reject`: one command per verb, sharing everything else. */
function decisionCommand(verb: Verb): Command {
  return {
    name: verb,
    summary: verb === 'approve' ? 'Approve the purchase (or --refund) a thread waits for' : 'Reject the purchase (or --refund) a thread waits for',
    help: help(verb),
    async run(argv, context) {
      const { values, positionals } = parseCommandArgs(verb, argv, OPTIONS, true);
      const threadId = onePositional(verb, positionals, 'threadId');
      if (values.as === undefined) throw new UsageError('missing --as ADDRESS (the approver deciding)', verb);
      const timeoutMs = timeoutSeconds(verb, values.timeout ?? String(DEFAULT_UPDATE_TIMEOUT_S)) * 1000;
      const action = ACTIONS[verb][values.refund ? 'refund' : 'purchase'];
      const input = decisionInput(values.as, values.comment);

      const { client, config } = await context.connect();
      const decision = await sendUpdate(client, threadId, { timeoutMs, taskQueue: config.taskQueue, what: 'decision' }, () =>
        decideApproval(client, threadId, action, { ...input, via: 'cli' }),
      );
      if (values.json) printJson(context.io, { threadId, workflowId: threadWorkflowId(threadId), action, ...decision });
      else context.io.out(formatDecision(threadId, decision));
    },
  };
}

/** Validated before connecting, so a malformed address exits 2 with nothing sent. */
function decisionInput(approver: string, comment: string | undefined): ApprovalDecisionInput {
  const input = comment === undefined ? { approver } : { approver, comment };
  const result = approvalDecisionInputSchema.safeParse(input);
  if (!result.success) throw new InvalidPayloadError('approval decision', payloadIssues(result.error.issues));
  return result.data;
}

/** The decision as the thread recorded it, one field per line. */
export function formatDecision(threadId: string, decision: ApprovalDecision): string {
  const rows: [string, string][] = [
    ['thread', threadId],
    ['approver', decision.approver],
  ];
  if (decision.comment) rows.push(['comment', decision.comment]);
  rows.push(['decided at', decision.decidedAt]);
  return [`${decision.decision} ${decision.subject}`, table(rows, '  ')].join('\n');
}

export const approveCommand = decisionCommand('approve');
export const rejectCommand = decisionCommand('reject');
