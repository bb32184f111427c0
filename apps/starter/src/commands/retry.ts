import type { RetryFailedStepInput, RetryReceipt } from '@org/orchestrator-contracts';
import { InvalidPayloadError, payloadIssues, retryFailedStepInputSchema, threadWorkflowId } from '@org/orchestrator-contracts';
import { retryFailedStep } from '@org/orchestrator-contracts/client';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../context';
import { UsageError } from '../errors';
import { printJson, table } from '../output';
import { DEFAULT_UPDATE_TIMEOUT_S, sendUpdate, timeoutSeconds } from '../updates';

const help = `Usage: orchestrator retry <threadId> --as ADDRESS [--comment TEXT] [--timeout SECONDS] [--json]

Runs again the step of a thread that failed for good (update retryFailedStep), once its cause is
fixed: the failed message is handled again from the start of its flow step, then the messages held
meanwhile. "orchestrator state <threadId>" shows the failed step (escalation.failedStep) before, and
the escalation cleared (or the next failure) after. Prints the step the thread runs again.

  --as       your address, recorded with the retry
  --comment  what was fixed, kept with the retry
  --timeout  seconds to wait for the thread's answer (default ${DEFAULT_UPDATE_TIMEOUT_S})

Exit codes: 0 retry started, 1 failed (Temporal unreachable, thread not found, no answer in time),
2 invalid usage or input, 3 refused by the thread (no step failed, a retry runs already, thread
completing or completed; printed as "refused: <reason>", nothing changed).

Example:
  orchestrator retry '<CAK7u2x9Lq3@mail.customer.example>' --as ops@orchestrator.local --comment "LLM quota raised"`;

/** `retry <threadId>`: runs a thread's failed step again through the contracts helper. */
export const retryCommand: Command = {
  name: 'retry',
  summary: 'Run again the step of a thread that failed for good',
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('retry', argv, { as: { type: 'string' }, comment: { type: 'string' }, timeout: { type: 'string' } }, true);
    const threadId = onePositional('retry', positionals, 'threadId');
    if (values.as === undefined) throw new UsageError('missing --as ADDRESS (who asks for the retry)', 'retry');
    const timeoutMs = timeoutSeconds('retry', values.timeout ?? String(DEFAULT_UPDATE_TIMEOUT_S)) * 1000;
    const input = retryInput(values.as, values.comment);

    const { client, config } = await context.connect();
    const receipt = await sendUpdate(client, threadId, { timeoutMs, taskQueue: config.taskQueue, what: 'retry' }, () =>
      retryFailedStep(client, threadId, input),
    );
    if (values.json) printJson(context.io, { threadId, workflowId: threadWorkflowId(threadId), ...receipt });
    else context.io.out(formatRetryReceipt(threadId, receipt));
  },
};

/** Validated before connecting, so a malformed address exits 2 with nothing sent. */
function retryInput(requestedBy: string, comment: string | undefined): RetryFailedStepInput {
  const result = retryFailedStepInputSchema.safeParse(comment === undefined ? { requestedBy } : { requestedBy, comment });
  if (!result.success) throw new InvalidPayloadError('retry request', payloadIssues(result.error.issues));
  return result.data;
}

/** The receipt of `retry`, one field per line. */
export function formatRetryReceipt(threadId: string, receipt: RetryReceipt): string {
  const step = receipt.failedStep;
  const where = step.during === 'idle' ? 'idle handling' : `message ${step.messageId ?? '(unknown)'}`;
  const rows: [string, string][] = [
    ['thread', threadId],
    ['step', `${step.flow ?? 'routing'}${step.flowStep && step.flowStep !== 'routing' ? ` ${step.flowStep}` : ''}: ${step.activity}`],
    ['failure', `${step.failure.type}: ${step.failure.message}`],
    ['during', where],
    ['attempts', String(step.attempts)],
    ['requested by', receipt.requestedBy],
    ['requested at', receipt.requestedAt],
  ];
  return [`retrying the failed step; follow it with "orchestrator state '${threadId}'"`, table(rows, '  ')].join('\n');
}
