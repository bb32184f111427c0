import { readFile } from 'node:fs/promises';
import type { AgentReplyInput, AgentReplyReceipt } from '@org/orchestrator-contracts';
import { InvalidPayloadError, agentReplyInputSchema, payloadIssues, threadWorkflowId } from '@org/orchestrator-contracts';
import { submitAgentReply } from '@org/orchestrator-contracts/client';
import { onePositional, parseCommandArgs } from '../args';
import type { CommandContext, Command } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { printJson, table } from '../output';
import { DEFAULT_UPDATE_TIMEOUT_S, sendUpdate, timeoutSeconds } from '../updates';

const help = `Usage: orchestrator reply <threadId> --as ADDRESS (--text TEXT | --file PATH | < reply.txt) [--timeout SECONDS] [--json]

Answers a support thread that waits for a person (step "awaiting-agent", or "needs-human" after a
step failed for good) with a human agent's
reply (update submitAgentReply). The thread sends it to the customer; this prints the receipt with
the Message-ID the customer receives it under.

  --as       the answering agent's address; the thread accepts only its agents
             (see "orchestrator state <threadId> --json": flowState.agentReply.agents)
  --text     the reply
  --file     a text file with the reply ("-" for stdin); without --text and --file, stdin is read
  --timeout  seconds to wait for the thread's answer (default ${DEFAULT_UPDATE_TIMEOUT_S})

Exit codes: 0 accepted, 1 failed (Temporal unreachable, thread not found, no answer in time),
2 invalid usage or input, 3 refused by the thread (not waiting for a reply, unknown agent,
thread completed; printed as "refused: <reason>", nothing changed).

Example:
  orchestrator reply '<CAK7u2x9Lq3@mail.customer.example>' --as agent@orchestrator.local \\
    --text "Dear Tom, your desk ships tomorrow."`;

/** `reply <threadId>`: a human agent's answer through the contracts helper. */
export const replyCommand: Command = {
  name: 'reply',
  summary: 'Answer a support thread waiting for a human agent',
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      'reply',
      argv,
      { as: { type: 'string' }, text: { type: 'string' }, file: { type: 'string' }, timeout: { type: 'string' } },
      true,
    );
    const threadId = onePositional('reply', positionals, 'threadId');
    if (values.as === undefined) throw new UsageError('missing --as ADDRESS (the answering agent)', 'reply');
    if (values.text !== undefined && values.file !== undefined) throw new UsageError('--text cannot be combined with --file', 'reply');
    const timeoutMs = timeoutSeconds('reply', values.timeout ?? String(DEFAULT_UPDATE_TIMEOUT_S)) * 1000;
    const input = replyInput(values.as, values.text ?? (await readReply(values.file, context)));

    const { client, config } = await context.connect();
    const receipt = await sendUpdate(client, threadId, { timeoutMs, taskQueue: config.taskQueue, what: 'reply' }, () =>
      submitAgentReply(client, threadId, { ...input, via: 'cli' }),
    );
    if (values.json) printJson(context.io, { threadId, workflowId: threadWorkflowId(threadId), ...receipt });
    else context.io.out(formatAgentReceipt(threadId, receipt));
  },
};

/** The reply from `--file PATH`, `--file -` or (neither flag) stdin. */
async function readReply(file: string | undefined, context: CommandContext): Promise<string> {
  if (file === undefined || file === '-') {
    if (file === undefined && context.io.stdinIsInteractive?.()) {
      throw new UsageError('give the reply with --text, --file PATH, or on stdin', 'reply');
    }
    return context.io.readStdin();
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage, { cause: error });
  }
}

/** Validated before connecting, so an empty reply or a malformed address exits 2 with nothing sent. */
function replyInput(agent: string, reply: string): AgentReplyInput {
  const result = agentReplyInputSchema.safeParse({ agent, reply });
  if (!result.success) throw new InvalidPayloadError('agent reply', payloadIssues(result.error.issues));
  return result.data;
}

/** The receipt of `reply`, one field per line. */
export function formatAgentReceipt(threadId: string, receipt: AgentReplyReceipt): string {
  return [
    `reply accepted; the customer receives it as ${receipt.replyMessageId}`,
    table(
      [
        ['thread', threadId],
        ['agent', receipt.agent],
        ['accepted at', receipt.acceptedAt],
      ],
      '  ',
    ),
  ].join('\n');
}
