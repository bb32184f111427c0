import type { EmailAddress, EmailMessage, RoutedState } from '@org/orchestrator-contracts';
import { authenticatedSender } from '@org/orchestrator-contracts';
import type { FlowContext, FlowOutcome, ThreadFlow } from '@org/orchestrator-thread-kit';
import { addressAllowed, sendReply, upsertThreadAttributes } from '@org/orchestrator-thread-kit';
import type { FlowConfig } from '@org/orchestrator-activities';
import { compareBankDetails, maskIban } from '../bank-details';
import { invoiceKey } from '../ids';
import type { Invoice, InvoiceFlowState, InvoicePolicy } from '../schema';
import { invoiceSchemas } from '../invoice-schemas';
import { disputeText, duplicateText, receiptAcknowledgementText, remittanceAdviceText } from '../texts';
import { matchCleared, matchInvoice } from '../three-way-match';
import {
  confirmSupplierBankDetails,
  loadInvoiceMatchInputs,
  loadInvoicePolicy,
  readGoodsReceipt,
  readInvoice,
  recordGoodsReceipt,
  recordInvoicePayment,
} from './activities';
import type { Approvals } from './approvals';
import { askBuyer, resumeApproval } from './approvals';
import { HOLD_DETAIL } from './messages';
import type { InvoiceHold } from './messages';

/** An invoice thread's state: routed only, until its first step. */
export type InvoiceThreadState = RoutedState | InvoiceFlowState;

/** One handling of a supplier's invoice (or a warehouse's receipt): what its steps work with. */
export interface InvoiceHandling {
  first: EmailMessage;
  context: FlowContext<InvoiceThreadState>;
  state: InvoiceFlowState;
  config: FlowConfig;
  policy: InvoicePolicy;
  /** The mailbox the flow's mail comes from (the orchestrator's: invoices have no mailbox of their own). */
  from: EmailAddress;
}

const DAY_MS = 86_400_000;

/**
 * Supplier invoice matching. A warehouse's goods receipt is read and kept (the receipts table); a
 * supplier's invoice is read (body and PDF), matched three ways against its purchase order and the
 * receipts, and paid on its due date (a durable timer) with a remittance advice to the supplier.
 * The buyer decides through the shared approval when the match is outside the tolerance, and a
 * person confirms bank details the supplier has none confirmed for, or changed: nothing is paid
 * before. Every wait is resumable: a thread that continues as new goes on from its state.
 */
export const invoiceFlow: ThreadFlow<InvoiceThreadState> = {
  name: 'invoice',
  // Built when a carried state is checked, not when the bundle loads (see `invoiceSchemas`).
  stateSchema: { safeParse: (state) => invoiceSchemas().invoiceFlowStateSchema.safeParse(state) },
  async handleMessage(message, context) {
    if (context.state.step !== undefined) return { action: 'recorded' };
    return start(message, context);
  },

  async resume(first, context) {
    const state = context.state;
    if (state.step === undefined) throw new Error('invoice cannot resume a handling before its first step');
    // The policy the handling started with (in its state), not the worker's current one.
    const h = await handling(first, context, state, state.policy ?? (await loadInvoicePolicy()));
    if (state.step === 'scheduled') return payOnDueDate(h);
    if (state.step === 'awaiting-approval' || state.step === 'awaiting-bank-check') return approved(h, await resumeApproval(h));
    throw new Error(`invoice cannot resume a handling at step ${state.step}`);
  },

  /** A failed step runs the handling again from the start: reads and stores are idempotent, mail is sent once. */
  async retryMessage(message, context) {
    const current = context.state;
    for (const key of Object.keys(current)) if (key !== 'routing') Reflect.deleteProperty(current, key);
    return start(message, context);
  },
};

async function handling(
  first: EmailMessage,
  context: FlowContext<InvoiceThreadState>,
  state: InvoiceFlowState,
  policy: InvoicePolicy,
): Promise<InvoiceHandling> {
  const config = context.flowConfig ?? (await context.loadFlowConfig());
  const from = config.mailboxes?.orchestrator ?? first.to[0] ?? { address: 'orchestrator@orchestrator.local' };
  return { first, context, state, config, policy, from };
}

async function start(first: EmailMessage, context: FlowContext<InvoiceThreadState>): Promise<FlowOutcome> {
  // The thread's state object itself takes its first step (the thread core holds this object).
  const state: InvoiceFlowState = Object.assign(context.state, { step: 'matching' as const });
  const policy = await loadInvoicePolicy();
  // Carried with the state: a handling resumed in a later run decides by the policy it started with.
  state.policy = policy;
  const h = await handling(first, context, state, policy);
  return state.routing?.intent === 'goods-receipt' ? receipt(h) : invoice(h);
}

function publish({ state, config }: InvoiceHandling, escalated?: boolean): void {
  upsertThreadAttributes(config, { flow: 'invoice', status: state.step, amount: state.invoice?.total, escalated });
}

/** A goods receipt is recorded only from the warehouse, proven by the ingress; anything else goes to a person. */
async function receipt(h: InvoiceHandling): Promise<FlowOutcome> {
  const { first, context, state, policy, from } = h;
  const sender = authenticatedSender(first);
  if (!sender) return hold(h, 'unauthenticated');
  if (!addressAllowed(sender, policy.warehouseSenders)) return hold(h, 'not-warehouse');
  const read = await readGoodsReceipt({ message: first });
  context.recordAgentUsage(read.usage);
  if (!read.receipt) return hold(h, 'unreadable', read.problems);
  await recordGoodsReceipt({ receipt: read.receipt, sourceMessageId: first.messageId });
  state.receipt = read.receipt;
  state.step = 'receipt-recorded';
  publish(h);
  const { text } = receiptAcknowledgementText(read.receipt);
  const { messageId } = await sendReply({ replyMessageId: context.outboundMessageId('receipt-recorded'), message: first, from, text });
  context.complete('goods receipt recorded');
  return { action: 'goods-receipt-recorded', replyMessageId: messageId };
}

/** 1. Read, 2. match three ways, 3. the buyer where the match fails, 4. bank details, 5. pay on the due date. */
async function invoice(h: InvoiceHandling): Promise<FlowOutcome> {
  const { first, context, state, policy } = h;
  const sender = authenticatedSender(first);
  if (!sender) return hold(h, 'unauthenticated');
  publish(h);
  const read = await readInvoice({ message: first });
  context.recordAgentUsage(read.usage);
  if (!read.invoice) return hold(h, 'unreadable', read.problems);
  const invoice = read.invoice;
  state.invoice = invoice;

  const inputs = await loadInvoiceMatchInputs({ invoice, supplierAddress: sender });
  if (inputs.supplierId) state.supplierId = inputs.supplierId;
  if (inputs.existingPayment) return duplicate(h, invoice, inputs.existingPayment.paidAt, inputs.existingPayment.paymentId);
  state.match = matchInvoice(invoice, inputs.order, inputs.receipts, policy.tolerance, { senderAddress: sender, alreadyBilled: inputs.alreadyBilled });
  const bank = compareBankDetails(inputs.knownBankDetails, invoice.bankDetails);
  state.bankCheck = { status: bank, ...(inputs.knownBankDetails ? { knownIbanMasked: maskIban(inputs.knownBankDetails.iban) } : {}) };
  publish(h);

  if (!matchCleared(state.match)) {
    return approved(h, await askBuyer(h, 'match'));
  }
  return afterMatch(h);
}

/** After the match (cleared or approved): bank details a person has not confirmed are checked first. */
async function afterMatch(h: InvoiceHandling): Promise<FlowOutcome> {
  const { state } = h;
  // Approved without a purchase order we know: no supplier to pay to; a person pays it by hand.
  if (!state.supplierId) return hold(h, 'no-order');
  if (state.bankCheck?.status !== 'unchanged') return approved(h, await askBuyer(h, 'bank'));
  return schedule(h);
}

/** After an approval wait: withdrawn, rejected, or on with the next step. */
async function approved(h: InvoiceHandling, outcome: Approvals): Promise<FlowOutcome> {
  const { first, context, state, from } = h;
  delete state.awaiting;
  if (outcome.kind === 'withdrawn') return finish(h, 'withdrawn');
  const { decision } = outcome;
  (state.decisions ??= []).push(decision);
  delete state.approval;
  if (decision.decision === 'rejected') {
    // A rejected match is disputed with the supplier; rejected bank details are not discussed with
    // whoever sent them (they may be a fraudster): the approver who rejected them takes it from here.
    if (outcome.kind === 'match' && state.invoice && state.match) {
      const { text } = disputeText(state.invoice, state.match, decision.comment);
      await sendReply({ replyMessageId: context.outboundMessageId('disputed'), message: first, from, text });
    }
    return finish(h, 'rejected');
  }
  if (outcome.kind === 'match') return afterMatch(h);
  const bankDetails = state.invoice?.bankDetails;
  if (!bankDetails || !state.supplierId) return hold(h, 'no-bank-details');
  await confirmSupplierBankDetails({ supplierId: state.supplierId, bankDetails, confirmedBy: decision.approver });
  state.bankCheck = { status: 'unchanged', knownIbanMasked: maskIban(bankDetails.iban) };
  return schedule(h);
}

/** Waits for the due date (a durable timer, resumable), unless it has passed. */
async function schedule(h: InvoiceHandling): Promise<FlowOutcome> {
  const { state } = h;
  if (!state.invoice) throw new Error('invoice: nothing to schedule');
  state.step = 'scheduled';
  state.paymentDueAt = new Date(Math.max(Date.parse(`${state.invoice.dueDate}T00:00:00Z`), Date.now())).toISOString();
  publish(h);
  return payOnDueDate(h);
}

async function payOnDueDate(h: InvoiceHandling): Promise<FlowOutcome> {
  const { first, context, state, from } = h;
  const { invoice, supplierId, paymentDueAt } = state;
  if (!invoice || !supplierId || !paymentDueAt || !invoice.bankDetails)
    throw new Error('invoice: the scheduled payment lacks its invoice, supplier or bank details');
  const due = Date.parse(paymentDueAt);
  state.awaiting = { who: ['payment run'], what: 'due date', since: new Date().toISOString(), until: paymentDueAt };
  // A timer is capped (at about ten years): a due date further out waits in several.
  while (due > Date.now() && !context.completionRequested)
    await context.resumableWait(() => context.completionRequested, Math.min(due - Date.now(), 3_650 * DAY_MS));
  delete state.awaiting;
  if (context.completionRequested && Date.now() < due) return finish(h, 'withdrawn');
  // Other invoices of the order may have been paid while this one waited: the same goods are
  // never paid twice, so the match is made again (a match the buyer approved stands as approved).
  const sender = authenticatedSender(first) ?? first.from.address;
  const now = await loadInvoiceMatchInputs({ invoice, supplierAddress: sender });
  if (now.existingPayment) return duplicate(h, invoice, now.existingPayment.paidAt, now.existingPayment.paymentId);
  const buyerApproved = state.decisions?.some((d) => d.decision === 'approved') === true && !(state.match && matchCleared(state.match));
  const again = matchInvoice(invoice, now.order, now.receipts, h.policy.tolerance, { senderAddress: sender, alreadyBilled: now.alreadyBilled });
  if (!buyerApproved && !matchCleared(again)) {
    state.match = again;
    return hold(h, 'billed-meanwhile');
  }
  const payment = await recordInvoicePayment({
    invoiceKey: invoiceKey(supplierId, invoice.invoiceNumber),
    supplierId,
    amount: invoice.total,
    currency: invoice.currency,
    iban: invoice.bankDetails.iban,
    dueDate: invoice.dueDate,
    poNumber: invoice.poNumber,
    billed: invoice.lines.map((l) => ({ item: l.item, quantity: l.quantity })),
  });
  state.payment = payment;
  const { text } = remittanceAdviceText(invoice, payment, invoice.supplierName);
  const { messageId } = await sendReply({ replyMessageId: context.outboundMessageId('remittance'), message: first, from, text });
  state.remittanceMessageId = messageId;
  finish(h, 'paid');
  return { action: 'paid', replyMessageId: messageId };
}

/** The same invoice again (its key was paid): the supplier is told when and under which reference; nothing is paid twice. */
async function duplicate(h: InvoiceHandling, invoice: Invoice, paidAt: string, paymentId: string): Promise<FlowOutcome> {
  const { first, context, from } = h;
  const { text } = duplicateText(invoice, paidAt, paymentId);
  const { messageId } = await sendReply({ replyMessageId: context.outboundMessageId('duplicate'), message: first, from, text });
  finish(h, 'rejected');
  return { action: 'duplicate-invoice', replyMessageId: messageId };
}

async function hold(h: InvoiceHandling, reason: InvoiceHold, problems: readonly string[] = []): Promise<FlowOutcome> {
  const { first, context, state } = h;
  state.step = reason === 'unreadable' ? 'unreadable' : 'needs-human';
  state.heldFor = reason;
  delete state.awaiting;
  const detail = problems.length > 0 ? `${HOLD_DETAIL[reason]} What could not be read: ${problems.slice(0, 10).join('; ')}.` : HOLD_DETAIL[reason];
  await context.escalate(`invoice held: ${reason}`, detail, first);
  publish(h, true);
  return { action: `held-for-human: ${reason}` };
}

function finish(h: InvoiceHandling, step: 'paid' | 'rejected' | 'withdrawn'): FlowOutcome {
  h.state.step = step;
  publish(h);
  h.context.complete(`invoice ${step}`);
  return { action: step };
}
