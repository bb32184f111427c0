import { threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread } from '@org/orchestrator-contracts/client';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../context';
import { printJson } from '../output';

const help = `Usage: orchestrator complete <threadId> [--reason R] [--json]

Asks a thread to finish the work in hand and complete with a summary. Returns once the
request is recorded; use "orchestrator state <threadId>" to follow it.

Example:
  orchestrator complete '<20250701091500.4F2A@mail.acme-industries.example>' --reason "order placed"`;

/** `complete <threadId>`: sends COMPLETE_THREAD through the contracts helper. */
export const completeCommand: Command = {
  name: 'complete',
  summary: 'Ask a thread to finish and complete',
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('complete', argv, { reason: { type: 'string' } }, true);
    const threadId = onePositional('complete', positionals, 'threadId');
    const request = values.reason === undefined ? { requestedBy: 'orchestrator-cli' } : { reason: values.reason, requestedBy: 'orchestrator-cli' };

    const { client } = await context.connect();
    await completeThread(client, threadId, request);
    const workflowId = threadWorkflowId(threadId);
    if (values.json) printJson(context.io, { threadId, workflowId, completionRequested: true, ...request });
    else context.io.out(`completion requested for thread ${threadId} (workflow ${workflowId})`);
  },
};
