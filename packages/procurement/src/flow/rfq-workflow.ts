import {
  ActivityFailure,
  CancellationScope,
  condition,
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentCallUsage, EmailAddress, EmailMessage, ReceivedQuote, RfqState, RfqThreadState } from '@org/orchestrator-contracts';
import {
  agentEmail,
  isPatched,
  markCurrentCode,
  nowIso,
  recordHandledMessage,
  sendEmail,
  setBookHandlers,
  supplierRefusal,
  ThreadBook,
  threadIdKey,
  UNGUESSABLE_IDS_PATCH,
} from '@org/orchestrator-thread-kit';
import { procurementAgents, procurementMail } from './activities';
import { rfqClarification, rfqReminder, rfqText } from './messages';
import type { ExtractedRequest } from './request';

/** Input of {@link rfqWorkflow}: everything the child needs, decided by the parent. */
export interface RfqInput {
  parentThreadId: string;
  /** The RFQ email's Message-ID; also this child's thread id (supplier replies reference it). */
  rfqMessageId: string;
  supplier: { id: string; name: string; email: string };
  request: ExtractedRequest;
  from: EmailAddress;
  /** ISO times: remind a silent supplier, and stop waiting. */
  remindAt: string;
  deadline: string;
  /** After a readable quote, how long a correction may still replace it (capped at the deadline). */
  correctionWindowMs: number;
  maxClarifications: number;
  /**
   * Also send the result to the parent as {@link rfqFinishedSignal}: the parent may have continued as
   * new. Without it, the child reports so once the parent asks ({@link rfqReportSignal}).
   */
  reportToParent?: boolean;
  /** The parent's agents answer in-process (`FlowConfig.agentsInline`): quotes are read inline (see `procurementAgents`). */
  agentsInline?: boolean;
}

/** An RFQ child's result, signalled to its parent thread (which may be a later run than the one that started it). */
export const rfqFinishedSignal = defineSignal<[RfqResult]>('rfqFinished');

/**
 * The parent's run that started this child is about to continue as new: the child's completion will
 * not reach the next run, so the result goes to the parent by {@link rfqFinishedSignal} too.
 */
export const rfqReportSignal = defineSignal('rfqReportToParent');

/** A reply counts only from the supplier's directory address or domain, authenticated, and not automatic. */
const SUPPLIER_POLICY_PATCH = 'rfq-supplier-policy';

/** What the supplier answered, for the parent to compare. */
export interface RfqResult {
  supplierId: string;
  status: RfqState['status'];
  quote?: ReceivedQuote;
  replies: number;
  reminded: boolean;
  clarifications: number;
  /** Agent calls of this child, added to the parent thread's totals. */
  usage: AgentCallUsage[];
}

/**
 * One request for quotation to one supplier, as a child workflow of the procurement thread. Its
 * workflow id is the thread id of the RFQ email, so the supplier's replies (signal-with-start by
 * the ingress) arrive here as `NEW_MESSAGE`. Sends the RFQ, reminds once, reads each reply with
 * the quote agent, asks for clarification when a reply cannot be read, lets a corrected quote
 * replace the earlier one within the correction window, and ends at the deadline, on a decline,
 * or when cancelled by the parent. Only the supplier's authenticated mail is read (see
 * `supplierRefusal`); anything else is recorded as `ignored: <why>`.
 */
export async function rfqWorkflow(input: RfqInput): Promise<RfqResult> {
  markCurrentCode();
  const book = new ThreadBook(input.rfqMessageId, undefined, nowIso());
  book.flow = 'procurement';
  const state: RfqThreadState = {
    supplierId: input.supplier.id,
    parentThreadId: input.parentThreadId,
    deadline: input.deadline,
    status: 'requested',
    replies: 0,
    reminded: false,
    clarifications: 0,
  };
  book.flowState = state;
  const usage: AgentCallUsage[] = [];
  setBookHandlers(book);
  let report = input.reportToParent === true;
  setHandler(rfqReportSignal, () => {
    report = true;
  });
  // The child is a thread of its own (the RFQ email's), so it gets its own key like any thread:
  // no key travels in its input, and its ids depend only on the secret and the RFQ Message-ID
  // (itself keyed by the parent), so neither the supplier nor a reader of another thread can
  // compute them. Children started before keys (no marker) keep their ids.
  if (isPatched(UNGUESSABLE_IDS_PATCH)) book.useIdKey((await threadIdKey({ threadId: book.threadId })).key);

  const supplierTo = [{ address: input.supplier.email, name: input.supplier.name }];
  // The RFQ (nobody can answer it before it is out) and a clarification (the ledger activity follows)
  // are sent inline; a reminder stays an activity: a reply may come in while it is sent, and the
  // wait that follows depends on it (a local result replayed earlier than it came would change it).
  const send = (step: string, subject: string, text: string) =>
    (step === 'reminder' ? sendEmail : procurementMail().sendEmail)({
      messageId: step === 'rfq' ? input.rfqMessageId : book.outboundMessageId(step),
      threadId: input.rfqMessageId,
      from: input.from,
      to: supplierTo,
      subject,
      text,
      ...(step === 'rfq' ? {} : { inReplyTo: input.rfqMessageId, references: [input.rfqMessageId] }),
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  const subject = `Request for quotation: ${input.request.items.map((i) => i.name).join(', ')}`.slice(0, 200);

  try {
    await send('rfq', subject, rfqText(input.supplier.name, input.request, input.deadline));
    for (;;) {
      const deadline = Math.min(Date.parse(input.deadline), state.settleAt ? Date.parse(state.settleAt) : Infinity);
      const wakeAt = state.reminded || state.quote ? deadline : Math.min(deadline, Date.parse(input.remindAt));
      if (!(await condition(() => book.hasPending, Math.max(1, wakeAt - Date.now())))) {
        if (Date.now() >= deadline) break;
        state.reminded = true;
        await send('reminder', `Reminder: ${subject}`, rfqReminder(input.supplier.name, input.deadline));
        continue;
      }
      const message = book.takeNext();
      if (!message) continue;
      // Anything else is recorded and changes nothing: no quote, no decline, no clarification, no count.
      const refusal = isPatched(SUPPLIER_POLICY_PATCH) ? supplierRefusal(message, input.supplier.email) : undefined;
      const action = refusal ?? (await handleReply(message));
      await recordHandledMessage({ threadId: book.threadId, messageId: message.messageId, flow: 'procurement', action });
      book.markHandled(message.messageId, { flow: 'procurement', action });
      if (state.status === 'declined') break;
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    log.info('RFQ cancelled by the parent', { supplierId: input.supplier.id });
    if (!state.quote) state.status = 'cancelled';
  }
  if (state.status === 'requested') state.status = state.replies > 0 ? 'unreadable' : 'no-response';
  const { parentThreadId: _p, deadline: _d, settleAt: _s, ...rest } = state;
  const result: RfqResult = { ...rest, usage };
  if (report) await reportToParent(result);
  return result;

  async function handleReply(message: EmailMessage): Promise<string> {
    state.replies += 1;
    let quote: ReceivedQuote | undefined;
    try {
      const { output, usage: callUsage } = await procurementAgents({ agentsInline: input.agentsInline }).readQuote(agentEmail(message));
      usage.push(callUsage);
      quote = { ...output, supplierId: input.supplier.id };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Quote could not be read', { supplierId: input.supplier.id, error: error.cause?.message });
    }
    if (quote?.status === 'declined') {
      state.status = 'declined';
      state.quote = quote;
      return 'quote-declined';
    }
    if (quote && isPriced(quote)) {
      const corrected = state.quote !== undefined;
      state.quote = quote;
      state.status = 'quoted';
      state.settleAt = new Date(Math.min(Date.parse(input.deadline), Date.now() + input.correctionWindowMs)).toISOString();
      return corrected ? 'quote-corrected' : 'quote-received';
    }
    if (state.clarifications < input.maxClarifications) {
      state.clarifications += 1;
      await send(`clarification:${state.clarifications}`, `Re: ${subject}`, rfqClarification(input.supplier.name));
      return 'clarification-requested';
    }
    return 'quote-unreadable';
  }
}

/**
 * Signals the result to the parent thread, even when this child was cancelled. A parent that has
 * finished meanwhile no longer needs it: the failure is logged, the result stays this child's.
 */
async function reportToParent(result: RfqResult): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  try {
    await CancellationScope.nonCancellable(() => getExternalWorkflowHandle(parent.workflowId).signal(rfqFinishedSignal, result));
  } catch (error) {
    log.warn('RFQ result could not be signalled to the parent', { supplierId: result.supplierId, error: String(error) });
  }
}

/** A quote that states a price: a total, or a price for every line. */
function isPriced(quote: ReceivedQuote): boolean {
  return quote.total !== null || (quote.lines.length > 0 && quote.lines.every((l) => l.unitPrice !== null && l.quantity !== null));
}
