import { getThreadState } from '@org/orchestrator-contracts/client';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../context';
import { CliError } from '../errors';
import { formatThreadState, printJson } from '../output';
import { isDeadlineExceeded } from '../temporal-errors';

const help = `Usage: orchestrator state <threadId> [--json]

Shows a thread's current state: status, flow, every message and what was done with it.
--json prints the ThreadState exactly as the workflow answers the query.

Example:
  orchestrator state '<20250701091500.4F2A@mail.acme-industries.example>'`;

/** `state <threadId>`: queries the thread's state. */
export const stateCommand: Command = {
  name: 'state',
  summary: "Show a thread's current state",
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('state', argv, {}, true);
    const threadId = onePositional('state', positionals, 'threadId');

    const { client, config } = await context.connect();
    const state = await getThreadState(client, threadId).catch((error: unknown) => {
      // The server gives up on a query no worker picks up (after about 30 s); say why.
      if (!isDeadlineExceeded(error)) throw error;
      throw new CliError(`no answer to the state query of thread ${threadId}. Is a worker polling task queue '${config.taskQueue}'?`, undefined, {
        cause: error,
      });
    });
    if (values.json) printJson(context.io, state);
    else context.io.out(formatThreadState(state));
  },
};
