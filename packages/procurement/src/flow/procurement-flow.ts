import type {
  ApprovalDecision,
  EmailAddress,
  EmailMessage,
  ProcurementFlowState,
  ProcurementHold,
  ProcurementOutcome,
  RoutedState,
} from '@org/orchestrator-contracts';
import type { ProcurementConfig } from '../config';
import { executeWorkflow } from '@org/orchestrator-execute-workflow';
import { approvalRequirement } from '../approval';
import {
  approvalDecision,
  approvedBy,
  awaitApproval,
  awaitedNow,
  decisionLinksFor,
  isPatched,
  notifyEscalation,
  requesterVerdict,
  sendEmail,
  senderOf,
  threadLanguage,
  upsertThreadAttributes,
} from '@org/orchestrator-thread-kit';
import type { ApprovalNotice, FlowContext, FlowOutcome, ThreadAttributeSettings, ThreadFlow } from '@org/orchestrator-thread-kit';
import { findSuppliers, inlineProcurementSteps, ordering, procurementMail } from './activities';
import { compareQuotesInline } from './compare-quotes-inline';
import { RESUMABLE_INFORMATION_PATCH, awaitInformation, extract, resumeInformation } from './information';
import * as text from './messages';
import type { ExtractedRequest } from './request';
import { missingEssentials } from './request';
import { RESUMABLE_QUOTES_PATCH, collectQuotes, resumeQuotes } from './quotes';

/** The approval policy's timings are in hours (recorded so in every thread's configuration); waits are in ms. */
const HOUR_MS = 3_600_000;

/** Only an allowed, authenticated requester starts RFQs, and only their mail answers questions. */
const SENDER_POLICY_PATCH = 'procurement-sender-policy';

/** What the escalation notice says about a held request. */
const HOLD_DETAIL: Record<ProcurementHold, string> = {
  unauthenticated:
    'The sender is an allowed requester, but the message does not prove it came from them (no DMARC-aligned authentication and no trusted relay). Nothing was sent to suppliers or to the sender.',
  'requester-not-allowed':
    'The sender is not among the allowed requesters (PROCUREMENT_REQUESTERS, PROCUREMENT_REQUESTER_DOMAINS). Nothing was sent to suppliers or to the sender.',
  'clarification-limit':
    'The requester was asked for the missing details as often as allowed (PROCUREMENT_MAX_CLARIFICATIONS) and the request is still incomplete.',
};

/**
 * Procurement: a requester's purchase request becomes a purchase order. The first message runs
 * the whole process, waiting durably at each step: for missing details (reminder, deadline), for
 * quotes from one RFQ child workflow per supplier (collected as each finishes, until the quote
 * deadline), for approval by update (reminder, escalation), then orders. Later messages of a
 * finished thread are only recorded. Every wait is resumable: a thread that continues as new
 * while it waits goes on waiting in the next run (`resume`), from what its state says.
 */
export const procurementFlow: ThreadFlow<ProcurementState> = {
  name: 'procurement',
  async handleMessage(message, context) {
    if (context.state.step !== undefined) return { action: 'recorded' };
    if (context.state.routing?.intent === 'quote') return lateQuote(message, context);
    return runProcurement(message, context);
  },

  /** Goes on with the wait a previous run suspended: for missing details, for quotes, or for approval. */
  async resume(first, context) {
    const state = context.state;
    if (state.step === undefined) throw new Error('procurement cannot resume a handling before its first step');
    const flowConfig = context.flowConfig ?? (await context.loadFlowConfig());
    const { procurement: config, mailboxes } = flowConfig;
    const from = senderOf(mailboxes, 'procurement', first);
    const h: Handling = { first, context, state, config, publish: publisher(state, flowConfig), from };
    if (state.step === 'awaiting-information') {
      return informationDone(h, await resumeInformation(first, context, state, config, from));
    }
    if (state.step === 'requesting-quotes' && state.request) {
      await resumeQuotes(context, state);
      return quotesIn(h, state.request);
    }
    const { approval, comparison } = state;
    if (state.step !== 'awaiting-approval' || !approval || !comparison?.best) throw new Error(`procurement cannot resume a handling at step ${state.step}`);
    const deal: Deal = { supplierId: comparison.best, total: approval.amount, currency: approval.currency };
    const decision = await approvalDecision(state, approvalNotifier(h), () => context.completionRequested, context.resumableWait);
    return decided(h, deal, decision);
  },

  /**
   * Resumes a request whose step failed for good. Before any RFQ went out, the request is handled
   * again from the start, keeping what was extracted and merged so far (the requester's answers
   * the failed attempt had taken come back in arrival order); after, from the comparison of the
   * collected quotes, keeping an approval already decided. Mail already sent is not sent twice.
   */
  async retryMessage(message, context) {
    if (context.state.routing?.intent === 'quote') return lateQuote(message, context);
    return runProcurement(message, context, true);
  },
};

/** A procurement thread's state: routed only, until its first step. */
export type ProcurementState = RoutedState | ProcurementFlowState;

/** The order being decided: the best quote's supplier, total and currency. */
interface Deal {
  supplierId: string;
  total: number;
  currency: string;
}

type Publish = (status: string, amount?: number, escalated?: boolean) => void;

/** One handling of a purchase request: what each of its steps works with. */
interface Handling {
  /** The requester's message being handled. */
  first: EmailMessage;
  context: FlowContext;
  state: ProcurementFlowState;
  config: ProcurementConfig;
  /** Publishes the thread's search attributes. */
  publish: Publish;
  /** The procurement mailbox the flow's mail comes from. */
  from: EmailAddress;
}

function publisher(state: ProcurementFlowState, settings: ThreadAttributeSettings): Publish {
  return (status, amount, escalated) => upsertThreadAttributes(settings, { flow: 'procurement', status, requester: state.requester, amount, escalated });
}

/** A supplier's reply that reached no running RFQ (after its deadline): a person decides. */
async function lateQuote(message: EmailMessage, context: FlowContext): Promise<FlowOutcome> {
  await notifyEscalation({
    notificationMessageId: context.outboundMessageId(`late-quote:${message.messageId}`),
    reason: 'a quote arrived outside any open request for quotation',
    message,
  });
  return { action: 'held-for-human' };
}

async function runProcurement(first: EmailMessage, context: FlowContext<ProcurementState>, retry = false): Promise<FlowOutcome> {
  // `trust` is absent from configurations recorded before the sender policy: nothing is trusted then.
  const flowConfig = await context.loadFlowConfig();
  const { procurement: config, mailboxes, trust } = flowConfig;
  const from = senderOf(mailboxes, 'procurement', first);
  const current = context.state;
  if (retry && current.step !== undefined && current.quoteDeadline !== undefined && current.request) {
    return afterQuotes({ first, context, state: current, config, publish: publisher(current, flowConfig), from }, current.request, true);
  }
  const kept = retry && current.step !== undefined ? current.request : undefined;
  if (retry) for (const key of Object.keys(current)) if (key !== 'routing') Reflect.deleteProperty(current, key);
  const verdict = isPatched(SENDER_POLICY_PATCH) ? requesterVerdict(first, trust?.procurementRequesters) : undefined;
  const requester = verdict && 'requester' in verdict ? verdict.requester : first.from.address;
  // The thread's state object itself takes its first step (the thread core holds this object).
  const started: Omit<ProcurementFlowState, 'routing'> = { step: 'extracting', requester, rfqs: {}, ...(verdict ? { senderPolicy: true } : {}) };
  const state: ProcurementFlowState = Object.assign(current, started);
  const publish = publisher(state, flowConfig);
  const h: Handling = { first, context, state, config, publish, from };
  if (verdict && 'refusal' in verdict) return hold(h, verdict.refusal);
  // Extracted inline, the request goes on to its first wait in the same workflow task: nobody could
  // see 'extracting', so the attributes are upserted where the thread waits or ends.
  if (!(flowConfig.agentsInline === true && inlineProcurementSteps())) publish('extracting');

  // 1. The request, completed by the requester when something essential is missing.
  const request = kept ?? (await extract(first, context));
  state.request = request;
  if (missingEssentials(request).length === 0) return requestQuotes(h, request);
  const resumable = isPatched(RESUMABLE_INFORMATION_PATCH);
  const completed = await awaitInformation(first, context, state, request, config, () => publish('awaiting-information'), from, resumable);
  return informationDone(h, completed);
}

/** After the wait for missing details: held at the question limit, given up, or on to the quotes. */
async function informationDone(h: Handling, completed: ExtractedRequest | 'limit' | undefined): Promise<FlowOutcome> {
  if (completed === 'limit') return hold(h, 'clarification-limit');
  if (!completed) return h.context.completionRequested ? withdraw(h) : finish(h, 'information-missing');
  return requestQuotes(h, completed);
}

/** Steps 2 and 3: suppliers from the directory, an RFQ to each, their quotes collected; then the rest. */
async function requestQuotes(h: Handling, request: ExtractedRequest): Promise<FlowOutcome> {
  const { state, config } = h;
  state.step = 'requesting-quotes';
  h.publish(state.step);
  const suppliers = await findSuppliers({ items: request.items, max: config.maxSuppliers });
  if (suppliers.length === 0) return noOrder(h, 'no-suppliers', []);
  await collectQuotes(h.context, state, request, suppliers, config, h.from, isPatched(RESUMABLE_QUOTES_PATCH));
  return quotesIn(h, request);
}

/** The quote wait ended: withdrawn if the thread is completing, else compare, approve, order. */
async function quotesIn(h: Handling, request: ExtractedRequest): Promise<FlowOutcome> {
  delete h.state.awaiting;
  if (h.context.completionRequested) return withdraw(h);
  return afterQuotes(h, request);
}

/**
 * Steps 4 and 5, once the quotes are in: compare, then approve (and order). A retry (`retry`) goes
 * on with the decision an approver already took instead of asking again.
 */
async function afterQuotes(h: Handling, request: ExtractedRequest, retry = false): Promise<FlowOutcome> {
  const { context, state, config, publish } = h;
  // 4. Compare inline: a pure function, no child needed.
  state.step = 'comparing';
  // Comparing is pure and inline: where the steps are inline too, the next wait or the end publishes.
  if (!inlineProcurementSteps()) publish(state.step);
  const quotes = Object.values(state.rfqs).flatMap((r) => (r.quote ? [r.quote] : []));
  if (!quotes.some((q) => q.status === 'quoted')) return noOrder(h, 'no-quotes', []);
  const comparison = await executeWorkflow(compareQuotesInline, { asChild: false, args: [quotes, { ...request, requestedAt: new Date().toISOString() }] });
  state.comparison = comparison;
  const best = comparison.ranking.find((r) => r.supplierId === comparison.best);
  if (!best)
    return noOrder(
      h,
      'no-eligible-quote',
      comparison.rejected.map((r) => `${state.rfqs[r.supplierId]?.supplierName ?? r.supplierId}: ${r.reason}`),
    );
  const deal: Deal = { supplierId: best.supplierId, total: best.total, currency: best.currency ?? request.currency ?? config.approval.currency };

  // 5. Approval by policy; being over budget always needs a person.
  let requirement = approvalRequirement(best.total, deal.currency, config.approval);
  if (requirement.kind === 'automatic' && !best.withinBudget) {
    requirement = approvalRequirement(Infinity, deal.currency, config.approval);
    requirement = { ...requirement, reason: best.notes.join('; ') || 'over budget' };
  }
  if (requirement.kind !== 'approver') return order(h, deal, 'automatic');
  state.step = 'awaiting-approval';
  publish(state.step, best.total);
  const decidedBefore = retry ? state.approval?.decision : undefined;
  const decision =
    decidedBefore ??
    (await awaitApproval(
      state,
      {
        subject: 'purchase',
        amount: best.total,
        currency: deal.currency,
        reason: requirement.reason,
        approver: requirement.approver,
        escalateTo: requirement.escalateTo,
        remindAfterMs: requirement.remindAfterHours * HOUR_MS,
        escalateAfterMs: requirement.escalateAfterHours * HOUR_MS,
        requestedBy: state.requester,
        ...(config.approvalPolicy ? { policy: config.approvalPolicy, policyCurrency: config.approval.currency } : {}),
      },
      approvalNotifier(h),
      () => context.completionRequested,
      context.resumableWait,
    ));
  return decided(h, deal, decision);
}

/** The emails of the purchase approval (request, reminder, escalation), from the state alone. */
function approvalNotifier({ context, state, from }: Handling) {
  return async (notice: ApprovalNotice, to: string, _approval: unknown, key: string) => {
    const approval = state.approval;
    if (!approval) throw new Error('no approval to notify about');
    const links = await decisionLinksFor(context.threadId, approval, to);
    const { subject, text: body } = text.approvalText(notice, state, approval, context.threadId, links);
    state.awaiting = {
      who: awaitedNow(approval, to),
      what: 'approval',
      since: approval.requestedAt,
      until: notice === 'escalation' ? undefined : approval.escalateAt,
    };
    // An activity: a decision may come in while it is sent, and the wait that follows depends on it.
    await sendEmail({
      messageId: context.outboundMessageId(`approval-${key}`),
      threadId: context.threadId,
      from,
      to: [{ address: to }],
      subject,
      text: body,
    });
  };
}

/** After the approval wait: withdrawn (the thread was asked to complete), rejected, or ordered. */
async function decided(h: Handling, deal: Deal, decision: ApprovalDecision | undefined): Promise<FlowOutcome> {
  const { state } = h;
  delete state.awaiting;
  if (!decision) return withdraw(h);
  if (decision.decision === 'rejected') {
    await replyToRequester(h, 'rejected', text.requestRejected(decision.approver, decision.comment, threadLanguage(state)));
    await thankOthers(h, undefined);
    return finish(h, 'rejected');
  }
  return order(h, deal, approvedBy(state.approval, decision));
}

/** 6. Purchase order: stored, numbered, rendered, sent; the requester and the others are told. */
async function order(h: Handling, deal: Deal, approvedBy: string): Promise<FlowOutcome> {
  const { first, context, state, from, publish } = h;
  const { total, currency } = deal;
  const winner = state.rfqs[deal.supplierId];
  const request = state.request;
  const quote = winner?.quote;
  if (!winner || !request || !quote) throw new Error(`no quote of ${deal.supplierId} to order from`);
  state.step = 'ordering';
  if (!inlineProcurementSteps()) publish(state.step, total);
  const { purchaseOrder, document } = await ordering().createPurchaseOrder({
    threadId: context.threadId,
    supplier: { id: winner.supplierId, name: winner.supplierName, email: winner.supplierEmail },
    lines: quote.lines.map((l) => ({ item: l.item, quantity: l.quantity ?? 1, unit: l.unit, unitPrice: l.unitPrice ?? 0 })),
    total,
    currency,
    requester: state.requester,
    approvedBy,
    deliveryLocation: request.deliveryLocation ?? 'to be confirmed',
    neededBy: request.neededBy,
  });
  state.purchaseOrder = { number: purchaseOrder.number, supplierId: winner.supplierId, total, currency, document: document.filename };
  await procurementMail().sendEmail({
    messageId: context.outboundMessageId('purchase-order'),
    threadId: winner.rfqMessageId,
    from,
    to: [{ address: winner.supplierEmail, name: winner.supplierName }],
    subject: `Purchase order ${purchaseOrder.number}`,
    text: text.purchaseOrderText(winner.supplierName, purchaseOrder.number, total, currency),
    inReplyTo: winner.rfqMessageId,
    references: [winner.rfqMessageId],
    attachments: [document],
  });
  await procurementMail().sendReply({
    replyMessageId: context.outboundMessageId('confirmation'),
    message: first,
    from,
    text: text.requesterConfirmation(purchaseOrder.number, winner.supplierName, total, currency, request.neededBy, threadLanguage(state)),
    attachments: [document],
  });
  await thankOthers(h, winner.supplierId);
  return finish(h, 'ordered', total);
}

/** A reply to the requester's message (the `key` names it among the thread's mail). */
async function replyToRequester({ context, first, from }: Handling, key: string, body: string): Promise<void> {
  await procurementMail().sendReply({ replyMessageId: context.outboundMessageId(key), message: first, from, text: body });
}

/** Polite notes to suppliers who quoted and were not chosen (`winner` undefined: nobody was). */
async function thankOthers({ context, state, from }: Handling, winner: string | undefined): Promise<void> {
  for (const rfq of Object.values(state.rfqs)) {
    if (rfq.supplierId === winner || rfq.status !== 'quoted') continue;
    await procurementMail().sendEmail({
      messageId: context.outboundMessageId(`not-selected:${rfq.supplierId}`),
      threadId: rfq.rfqMessageId,
      from,
      to: [{ address: rfq.supplierEmail, name: rfq.supplierName }],
      subject: 'Your quotation',
      text: text.notSelected(rfq.supplierName, winner !== undefined),
      inReplyTo: rfq.rfqMessageId,
      references: [rfq.rfqMessageId],
    });
  }
}

async function noOrder(h: Handling, outcome: 'no-quotes' | 'no-eligible-quote' | 'no-suppliers', reasons: string[]): Promise<FlowOutcome> {
  const { first, context, state } = h;
  await replyToRequester(h, 'no-order', text.noOrder(outcome, reasons, threadLanguage(state)));
  await notifyEscalation({
    notificationMessageId: context.outboundMessageId('no-order-escalation'),
    reason: `procurement ended without an order: ${outcome}`,
    detail: reasons.join('\n') || undefined,
    message: first,
  });
  await thankOthers(h, undefined);
  return finish(h, outcome);
}

/**
 * Holds the request for a human: the thread is escalated with a notice naming `reason`, and
 * nothing goes to suppliers or to the (possibly forged) requester.
 */
async function hold({ first, context, state, publish }: Handling, reason: ProcurementHold): Promise<FlowOutcome> {
  state.step = 'needs-human';
  state.heldFor = reason;
  delete state.awaiting;
  await context.escalate(`procurement request held: ${reason}`, HOLD_DETAIL[reason], first);
  publish('needs-human', undefined, true);
  return { action: `held-for-human: ${reason}` };
}

/** The thread was asked to complete before an order: the requester is told, nothing is ordered. */
async function withdraw(h: Handling): Promise<FlowOutcome> {
  const { state } = h;
  await replyToRequester(h, 'withdrawn', text.requestWithdrawn(threadLanguage(state)));
  return finish(h, 'cancelled');
}

function finish({ context, state, publish }: Handling, outcome: ProcurementOutcome, amount?: number): FlowOutcome {
  state.step = 'completed';
  state.outcome = outcome;
  delete state.awaiting;
  publish(outcome, amount);
  context.complete(`procurement ${outcome}`);
  return { action: `procurement-${outcome}` };
}
