import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessageInput, ThreadState, ThreadSummary } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { completeThread, deliverEmail, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { EmailParseError, parseRawEmail } from '@org/orchestrator-email';
import { parseCommandArgs } from '../args';
import type { Command, CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { isTemporalUnavailable } from '../temporal-errors';
import { printJson, table, webUiUrl, workflowUrl } from '../output';
import { DEFAULT_SAMPLES_DIR } from '../paths';
import { TIMED_OUT, withTimeLimit } from '../wait';

/** How often the demo asks a thread for its state. */
export const POLL_INTERVAL_MS = 250;
const DEFAULT_TIMEOUT_S = 60;

const help = `Usage: orchestrator demo [--samples DIR] [--timeout SECONDS] [--json]

Delivers every .eml in the samples directory (in file-name order), waits until each thread has
handled every message, completes every thread, waits for the summaries and prints them with
links to the Temporal Web UI. Needs a running worker.

  --samples  directory of .eml files (default: the app's samples/)
  --timeout  seconds to wait for handling, and again for completion (default ${DEFAULT_TIMEOUT_S})

Environment: TEMPORAL_UI_URL (default http://localhost:8233) for the links.`;

/** One thread of the demo: what was delivered to it, in order. */
interface DemoThread {
  threadId: string;
  workflowId: string;
  /** Distinct message ids delivered, in delivery order. */
  messageIds: string[];
  /** Deliveries of a message id that was delivered before (the thread should ignore them). */
  redeliveries: number;
}

/** Per-thread result printed at the end (and the `--json` output). */
export interface DemoThreadResult {
  threadId: string;
  workflowId: string;
  flow: ThreadSummary['flow'];
  messagesHandled: number;
  duplicatesIgnored: number;
  url: string;
}

/** `demo`: the whole flow end to end against a running worker. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Deliver the sample emails, wait for them to be handled, complete the threads',
  help,
  async run(argv, context) {
    const { values } = parseCommandArgs('demo', argv, { samples: { type: 'string' }, timeout: { type: 'string' } }, false);
    const timeoutMs = seconds(values.timeout ?? String(DEFAULT_TIMEOUT_S)) * 1000;
    const log = values.json ? () => undefined : (line: string) => context.io.out(line);

    // Parse every sample before connecting: a broken sample fails fast, with nothing sent.
    const samples = await readSamples(values.samples ?? DEFAULT_SAMPLES_DIR);

    const { client, config } = await context.connect();
    const threads = new Map<string, DemoThread>();
    const deliveryRows: [string, string][] = [];
    for (const { file, message } of samples) {
      const receipt = await deliverEmail(client, message, { taskQueue: config.taskQueue });
      const thread = threads.get(receipt.threadId) ?? {
        threadId: receipt.threadId,
        workflowId: receipt.workflowId,
        messageIds: [],
        redeliveries: 0,
      };
      threads.set(thread.threadId, thread);
      if (thread.messageIds.includes(receipt.messageId)) thread.redeliveries += 1;
      else thread.messageIds.push(receipt.messageId);
      deliveryRows.push([file, `-> ${receipt.threadId}`]);
    }
    log(`Delivered ${samples.length} emails to ${threads.size} threads on task queue '${config.taskQueue}':`);
    log(table(deliveryRows, '  '));

    log(`Waiting for the worker to handle them (timeout ${timeoutMs / 1000}s)...`);
    for (const thread of threads.values()) {
      await waitUntilHandled(client, thread, { timeoutMs, taskQueue: config.taskQueue, context });
    }

    log(`Completing ${threads.size} threads...`);
    for (const thread of threads.values()) {
      await completeThread(client, thread.threadId, { reason: 'demo finished', requestedBy: 'orchestrator demo' });
    }
    const uiUrl = webUiUrl(context.env);
    const results: DemoThreadResult[] = [];
    for (const thread of threads.values()) {
      const summary = await withTimeLimit(client, timeoutMs, () => waitForThreadSummary(client, thread.threadId));
      if (summary === TIMED_OUT) {
        throw new CliError(`timed out after ${timeoutMs / 1000}s waiting for thread ${thread.threadId} to complete`);
      }
      results.push({
        threadId: thread.threadId,
        workflowId: thread.workflowId,
        flow: summary.flow,
        messagesHandled: summary.handled.length,
        duplicatesIgnored: summary.duplicatesIgnored,
        url: workflowUrl(uiUrl, config.namespace, thread.workflowId),
      });
    }

    if (values.json) {
      printJson(context.io, { namespace: config.namespace, uiUrl, threads: results });
      return;
    }
    for (const result of results) {
      log('');
      log(`Thread ${result.threadId}`);
      log(
        table(
          [
            ['flow', result.flow ?? '(none)'],
            ['messages handled', String(result.messagesHandled)],
            ['duplicates ignored', String(result.duplicatesIgnored)],
          ],
          '  ',
        ),
      );
    }
    log('');
    log(`Temporal Web UI: ${uiUrl}`);
    for (const result of results) log(`  ${result.url}`);
  },
};

async function readSamples(dir: string): Promise<{ file: string; message: EmailMessageInput }[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.eml')).sort();
  } catch (error) {
    throw new CliError(`cannot read samples directory ${dir}: ${(error as Error).message}`, EXIT.usage, { cause: error });
  }
  if (files.length === 0) throw new CliError(`no .eml files in ${dir}`, EXIT.usage);
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, message: await parseRawEmail(await readFile(join(dir, file))) };
      } catch (error) {
        if (error instanceof EmailParseError) {
          throw new CliError(`sample ${file} is not a usable email: ${error.message}`, EXIT.usage, { cause: error });
        }
        throw error;
      }
    }),
  );
}

/** Every delivered message is handled and every redelivery counted as a duplicate. */
function isSettled(state: ThreadState, thread: DemoThread): boolean {
  const handled = new Set(state.messages.filter((m) => m.status === 'handled').map((m) => m.messageId));
  return thread.messageIds.every((id) => handled.has(id)) && state.duplicatesIgnored >= thread.redeliveries;
}

/** Polls the thread's state every {@link POLL_INTERVAL_MS} until {@link isSettled}, or fails clearly. */
async function waitUntilHandled(
  client: ThreadClient,
  thread: DemoThread,
  options: { timeoutMs: number; taskQueue: string; context: CommandContext },
): Promise<ThreadState> {
  const deadline = Date.now() + options.timeoutMs;
  let last: ThreadState | undefined;
  let lastError: unknown;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      // A query waits for a worker; bound it so a missing worker ends in our timeout message.
      const state = await withTimeLimit(client, remaining, () => getThreadState(client, thread.threadId));
      if (state === TIMED_OUT) break;
      last = state;
      lastError = undefined;
      const rejected = state.rejected.find((r) => r.messageId !== undefined && thread.messageIds.includes(r.messageId));
      if (rejected) {
        throw new CliError(`thread ${thread.threadId} rejected message ${rejected.messageId}: ${rejected.reason}`);
      }
      if (isSettled(state, thread)) return state;
    } catch (error) {
      if (error instanceof CliError || isTemporalUnavailable(error)) throw error;
      lastError = error; // e.g. the workflow task has not run yet; keep polling
    }
    await options.context.sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
  }
  const handled = last ? last.messages.filter((m) => m.status === 'handled' && thread.messageIds.includes(m.messageId)).length : 0;
  const detail = lastError instanceof Error ? ` Last query error: ${lastError.message}.` : '';
  throw new CliError(
    `timed out after ${options.timeoutMs / 1000}s waiting for thread ${thread.threadId}: ` +
      `${handled} of ${thread.messageIds.length} messages handled.${detail} ` +
      `Is a worker polling task queue '${options.taskQueue}'?`,
  );
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!value.trim() || !Number.isFinite(parsed) || parsed <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${value}`, 'demo');
  }
  return parsed;
}
