import { parseEmailMessage } from '@org/orchestrator-contracts';
import { deliverEmail } from '@org/orchestrator-contracts/client';
import { parseCommandArgs } from '../args';
import type { Command } from '../context';
import { UsageError } from '../errors';
import { MESSAGE_FLAG_OPTIONS, messageFromFlags } from '../message-from-flags';
import { messageFromFile } from '../message-from-file';
import { formatReceipt, printJson } from '../output';

const help = `Usage:
  orchestrator deliver --from ADDR --to ADDR [--to ADDR ...] [--cc ADDR ...] --subject S --text T
                       [--message-id ID] [--thread-id ID] [--in-reply-to ID] [--references ID ...] [--json]
  orchestrator deliver --file PATH.json|PATH.eml|- [--json]

Delivers one email to its thread workflow (signal-with-start: the thread starts if it is new).

  --from, --to, --cc  an address, or "Name <address>"; repeat --to/--cc for more recipients
  --message-id        default: a generated <uuid@orchestrator.local>
  --thread-id         default: the first --references, else --in-reply-to, else the Message-ID
  --references        repeat, or give several ids in one value ("<a@x> <b@y>")
  --file              a JSON EmailMessageInput (.json, or - for stdin) or a raw email (.eml)
  --json              print the receipt as JSON

Example:
  orchestrator deliver --from "Maria <maria@acme.example>" --to purchasing@example.com \\
    --subject "Purchase request: 12 chairs" --text "We need 12 chairs for Munich."`;

/** `deliver`: build or read one message, validate it, deliver it, print the receipt. */
export const deliverCommand: Command = {
  name: 'deliver',
  summary: 'Deliver an email to its thread (from flags, a .json/.eml file, or JSON on stdin)',
  help,
  async run(argv, context) {
    const { values } = parseCommandArgs('deliver', argv, { ...MESSAGE_FLAG_OPTIONS, file: { type: 'string' } }, false);
    let input: unknown;
    if (values.file !== undefined) {
      const combined = Object.keys(MESSAGE_FLAG_OPTIONS).filter((flag) => flag in values);
      if (combined.length > 0) {
        throw new UsageError(`--file cannot be combined with ${combined.map((f) => `--${f}`).join(', ')}`, 'deliver');
      }
      input = await messageFromFile(values.file, () => context.io.readStdin());
    } else {
      input = messageFromFlags(values, { now: context.now(), newId: () => context.newId() });
    }
    // Validate before connecting: an invalid message is reported (exit 2) even with no server.
    parseEmailMessage(input);

    const { client, config } = await context.connect();
    const receipt = await deliverEmail(client, input, { taskQueue: config.taskQueue });
    if (values.json) printJson(context.io, receipt);
    else context.io.out(formatReceipt(receipt));
  },
};
