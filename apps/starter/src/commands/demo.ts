import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessageInput, ThreadState, ThreadSummary } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { completeThread, deliverEmail, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { EmailParseError, parseRawEmail } from '@org/orchestrator-email';
import { parseCommandArgs } from '../args';
import type { Command, CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { isAlreadyCompleted, isTemporalUnavailable } from '../temporal-errors';
import { printJson, table, webUiUrl, workflowUrl } from '../output';
import { DEFAULT_SAMPLES_DIR } from '../paths';
import type { DemoRun } from '../demo/run';
import { POLL_INTERVAL_MS, describeAwaiting } from '../demo/run';
import { formatProcurementResult, readProcurementTexts, runProcurementDemo } from '../demo/procurement';
import { formatSupportResults, readSupportTexts, runSupportDemo } from '../demo/support';
import type { DemoDelivery } from '../demo/signed-mail';
import { DEMO_MAIL_DOMAINS, readDemoSigningKeys, smtpDelivery, writeDemoSigningKeys } from '../demo/signed-mail';
import { timeoutSeconds } from '../updates';
import { TIMED_OUT, withTimeLimit } from '../wait';

export { POLL_INTERVAL_MS };
const DEFAULT_TIMEOUT_S = 60;
/** The scripted demos wait for the worker's flow windows: a longer default. */
const DEFAULT_FLOW_TIMEOUT_S = 180;

const help = `Usage:
  orchestrator demo [--samples DIR] [--timeout SECONDS] [--json]
  orchestrator demo procurement [--smtp URL --signing-keys DIR] [--leave-pending] [--timeout SECONDS] [--json]
  orchestrator demo support [--smtp URL --signing-keys DIR] [--timeout SECONDS] [--json]
  orchestrator demo keys --out DIR

Needs a running worker. Prints what happened, with links to the Temporal Web UI.

demo: delivers every .eml in the samples directory (in file-name order), waits until each thread
  has handled every message or waits for people (a purchase request waits for quotes), completes
  every thread (which withdraws a purchase request still in progress) and prints the summaries.
  --samples  directory of .eml files (default: the app's samples/)
  --timeout  seconds to wait for handling, and again for completion (default ${DEFAULT_TIMEOUT_S})

demo procurement: a purchase request for laptops and monitors (a new thread each run); one reply
  per request for quotation (Northwind IT: a quote table, Contoso: a quote in prose, Fabrikam: a
  decline, any other supplier: the table); approves as the first approver; prints the suppliers,
  the best quote, the approval, the purchase order and the outcome. The worker keeps each RFQ
  open for corrections after a quote (PROCUREMENT_CORRECTION_WINDOW, default 1h) and waits for
  quotes until PROCUREMENT_QUOTE_WINDOW (5d): start it with PROCUREMENT_CORRECTION_WINDOW=3s
  PROCUREMENT_QUOTE_WINDOW=2m for a demo that takes seconds (npm run demo does).
  --leave-pending  stop at the approval and leave it pending, for a person to decide in the task
                   inbox (apps/inbox) or with \`orchestrator approve\`

demo support: Emma Jones asks about order A10482, asks how to return the kettle, and says thank
  you, each message sent once the previous one was answered; then Peter Hall complains about order
  B20931, which waits for a human and is answered as the ticket's assignee; both threads are
  completed and summarised.

  --timeout       seconds the whole scripted demo may take (default ${DEFAULT_FLOW_TIMEOUT_S})
  --json          one JSON document with the outcome
  --smtp          send the demo's mail through the orchestrator's SMTP ingress at URL
                  (e.g. smtp://127.0.0.1:2525), DKIM-signed with the keys in --signing-keys, so it is
                  authenticated like real mail; without it, messages go straight to Temporal and
                  carry no authentication: the flows then trust nobody (a purchase request is held
                  for a human, a customer gets no order facts)
  --signing-keys  folder written by \`demo keys\`

demo keys: writes a DKIM key per demo domain (the requester's company, the seeded suppliers, the
  support customers) into DIR: dkim-keys.json (private, 0600) and dns-overrides.json, the records
  to give the ingress as INGRESS_DNS_OVERRIDES so it can verify the demo's signatures.

The texts sent are in the app's samples/procurement and samples/support ({neededBy} and
{validUntil} become dates 60 and 90 days ahead).
Environment: TEMPORAL_UI_URL (default http://localhost:8233) for the links.`;

const SCENARIOS = ['procurement', 'support', 'keys'] as const;
type Scenario = (typeof SCENARIOS)[number];

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
  summary: 'Run the sample emails, or a scripted procurement / support conversation, end to end',
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      'demo',
      argv,
      {
        samples: { type: 'string' },
        timeout: { type: 'string' },
        smtp: { type: 'string' },
        'signing-keys': { type: 'string' },
        out: { type: 'string' },
        'leave-pending': { type: 'boolean' },
      },
      true,
    );
    const scenario = scenarioOf(positionals);
    if (scenario === 'keys') {
      if (!values.out) throw new UsageError('demo keys needs --out DIR', 'demo');
      const { keysFile, dnsFile } = await writeDemoSigningKeys(values.out);
      if (values.json) printJson(context.io, { keysFile, dnsFile, domains: DEMO_MAIL_DOMAINS });
      else context.io.out(`Signing keys: ${keysFile}\nDNS records for the ingress (INGRESS_DNS_OVERRIDES): ${dnsFile}`);
      return;
    }
    if (values.out !== undefined) throw new UsageError('--out applies to "demo keys" only', 'demo');
    if (scenario) {
      if (values.samples !== undefined) throw new UsageError(`--samples applies to the plain demo only, not to "demo ${scenario}"`, 'demo');
      if ((values.smtp === undefined) !== (values['signing-keys'] === undefined)) throw new UsageError('--smtp and --signing-keys go together', 'demo');
      const timeoutS = timeoutSeconds('demo', values.timeout ?? String(DEFAULT_FLOW_TIMEOUT_S));
      const smtp = values.smtp ? { url: values.smtp, keysDir: values['signing-keys'] as string } : undefined;
      if (values['leave-pending'] && scenario !== 'procurement') throw new UsageError('--leave-pending applies to "demo procurement" only', 'demo');
      await runScenario(scenario, { timeoutS, json: values.json === true, smtp, leavePending: values['leave-pending'] === true }, context);
      return;
    }
    if (values.smtp !== undefined || values['signing-keys'] !== undefined)
      throw new UsageError('--smtp applies to "demo procurement" and "demo support"', 'demo');
    const timeoutMs = timeoutSeconds('demo', values.timeout ?? String(DEFAULT_TIMEOUT_S)) * 1000;
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
      await waitUntilHandled(client, thread, { timeoutMs, taskQueue: config.taskQueue, context, log });
    }

    log(`Completing ${threads.size} threads...`);
    for (const thread of threads.values()) {
      await completeThread(client, thread.threadId, { reason: 'demo finished', requestedBy: 'orchestrator demo' }).catch((error: unknown) => {
        // A flow may finish its thread by itself (a procurement ends with its outcome): its summary is there.
        if (!isAlreadyCompleted(error)) throw error;
      });
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
/**
 * Every message arrived (redeliveries counted), and each is handled or the flow waits for people
 * (a procurement waiting for quotes holds its first message until then: completing the thread
 * withdraws the request).
 */
function isSettled(state: ThreadState, thread: DemoThread): boolean {
  const accepted = new Set(state.messages.map((m) => m.messageId));
  const handled = new Set(state.messages.filter((m) => m.status === 'handled').map((m) => m.messageId));
  const waitsForPeople = (state.flowState as { awaiting?: unknown }).awaiting !== undefined;
  return thread.messageIds.every((id) => accepted.has(id) && (handled.has(id) || waitsForPeople)) && state.duplicatesIgnored >= thread.redeliveries;
}

/** Polls the thread's state every {@link POLL_INTERVAL_MS} until {@link isSettled}, or fails clearly. */
async function waitUntilHandled(
  client: ThreadClient,
  thread: DemoThread,
  options: { timeoutMs: number; taskQueue: string; context: CommandContext; log: (line: string) => void },
): Promise<ThreadState> {
  const deadline = Date.now() + options.timeoutMs;
  let last: ThreadState | undefined;
  let lastError: unknown;
  let lastAwaiting: string | undefined;
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
      // A flow waiting on people (e.g. suppliers' quotes) holds its message until then: say so.
      const awaiting = (state.flowState as { awaiting?: unknown }).awaiting ? describeAwaiting(state) : undefined;
      if (awaiting && awaiting !== lastAwaiting) options.log(`  ${thread.threadId} ${awaiting}`);
      lastAwaiting = awaiting;
    } catch (error) {
      if (error instanceof CliError || isTemporalUnavailable(error)) throw error;
      lastError = error; // e.g. the workflow task has not run yet; keep polling
    }
    await options.context.sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
  }
  const handled = last ? last.messages.filter((m) => m.status === 'handled' && thread.messageIds.includes(m.messageId)).length : 0;
  const detail = lastError instanceof Error ? ` Last query error: ${lastError.message}.` : '';
  const awaiting = last && (last.flowState as { awaiting?: unknown }).awaiting ? ` The thread ${describeAwaiting(last)}.` : '';
  throw new CliError(
    `timed out after ${options.timeoutMs / 1000}s waiting for thread ${thread.threadId}: ` +
      `${handled} of ${thread.messageIds.length} messages handled.${awaiting}${detail} ` +
      (awaiting ? "Raise --timeout, or shorten the worker's flow windows." : `Is a worker polling task queue '${options.taskQueue}'?`),
  );
}

function scenarioOf(positionals: string[]): Scenario | undefined {
  if (positionals.length === 0) return undefined;
  if (positionals.length > 1) throw new UsageError(`expected at most one scenario, got ${positionals.length}`, 'demo');
  const name = positionals[0] as string;
  if (!(SCENARIOS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown demo ${JSON.stringify(name)}: expected ${SCENARIOS.join(' or ')} (or none for the sample emails)`, 'demo');
  }
  return name as Scenario;
}

/** `demo procurement` / `demo support`: reads its texts, runs the script, prints the outcome. */
interface ScenarioOptions {
  timeoutS: number;
  json: boolean;
  /** Send through the SMTP ingress, signed with the keys in `keysDir`. */
  smtp?: { url: string; keysDir: string };
  /** Procurement: leave the approval pending for a person. */
  leavePending?: boolean;
}

async function runScenario(scenario: Exclude<Scenario, 'keys'>, options: ScenarioOptions, context: CommandContext): Promise<void> {
  // Texts and keys are read before connecting: a missing sample fails fast, with nothing sent.
  const signing = options.smtp ? await readDemoSigningKeys(options.smtp.keysDir) : undefined;
  const smtp = options.smtp && signing ? smtpDelivery(options.smtp.url, signing) : undefined;
  try {
    if (scenario === 'procurement') {
      const texts = await readProcurementTexts();
      const { run, uiUrl, link, namespace } = await openRun(scenario, options, context, smtp?.deliver);
      const result = await runProcurementDemo(run, texts, link, { leavePending: options.leavePending === true });
      if (options.json) {
        printJson(context.io, { scenario, namespace, uiUrl, ...result });
        return;
      }
      context.io.out(`\n${formatProcurementResult(result)}\n\nTemporal Web UI: ${uiUrl}\n  ${result.url}`);
      return;
    }
    const texts = await readSupportTexts();
    const { run, uiUrl, link, namespace } = await openRun(scenario, options, context, smtp?.deliver);
    const threads = await runSupportDemo(run, texts, link);
    if (options.json) {
      printJson(context.io, { scenario, namespace, uiUrl, threads });
      return;
    }
    context.io.out(`\n${formatSupportResults(threads)}\n\nTemporal Web UI: ${uiUrl}\n${threads.map((t) => `  ${t.url}`).join('\n')}`);
  } finally {
    await smtp?.close();
  }
}

async function openRun(scenario: Scenario, options: ScenarioOptions, context: CommandContext, viaSmtp: DemoDelivery | undefined) {
  const { client, config } = await context.connect();
  const uiUrl = webUiUrl(context.env);
  const run: DemoRun = {
    client,
    config,
    deliver: viaSmtp ?? (async (message) => void (await deliverEmail(client, message, { taskQueue: config.taskQueue }))),
    deadline: Date.now() + options.timeoutS * 1000,
    timeoutS: options.timeoutS,
    log: options.json ? () => undefined : (line) => context.io.out(line),
    sleep: (ms) => context.sleep(ms),
    now: () => context.now(),
    newId: () => context.newId(),
  };
  run.log(`Scripted ${scenario} demo on task queue '${config.taskQueue}' (timeout ${options.timeoutS}s)`);
  run.log(
    options.smtp
      ? `Mail goes through the SMTP ingress at ${options.smtp.url}, DKIM-signed by each sender's domain`
      : 'Mail goes straight to Temporal, unauthenticated (use --smtp to send signed mail through the ingress)',
  );
  return { run, uiUrl, namespace: config.namespace, link: (workflowId: string) => workflowUrl(uiUrl, config.namespace, workflowId) };
}
