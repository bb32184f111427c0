import type { ApprovalDecision } from '@org/orchestrator-contracts';
import type { ApprovalNotice } from '@org/orchestrator-thread-kit';
import { approvalDecision, awaitApproval, awaitedNow, decisionLinksFor, sendEmail } from '@org/orchestrator-thread-kit';
import type { FlowConfig } from '@org/orchestrator-activities';
import type { BuyerApproval } from '../schema';
import { invoiceSchemas } from '../invoice-schemas';
import { bankDetailsNoticeText, matchQuestionText } from '../texts';
import type { InvoiceHandling } from './invoice-flow';
import { approvalFooter } from './messages';

/** What an approval of the invoice flow was about, and how it ended. */
export type Approvals = { kind: 'match' | 'bank'; decision: ApprovalDecision } | { kind: 'withdrawn' };

const HOUR_MS = 3_600_000;

/**
 * The buyer's approvers and their timing: procurement's approval policy, from procurement's part of
 * the thread's recorded configuration. Read by shape and checked (`buyerApprovalSchema`): a
 * flow never imports another, and the invoice flow is installed with procurement (it matches
 * procurement's orders), so the part is there.
 */
function buyerApproval(config: FlowConfig): BuyerApproval {
  // The spread is a plain object type: procurement's part is looked up by the flow's name.
  const parts: Partial<Record<string, unknown>> = { ...config };
  const parsed = invoiceSchemas().buyerApprovalSchema.safeParse(parts.procurement);
  if (!parsed.success) throw new Error(`invoice: procurement's approval policy is missing from the flow configuration (${parsed.error.issues[0]?.message})`);
  return parsed.data.approval;
}

/**
 * Asks the buyer (procurement's approvers: they ordered it) through the shared approval, as a
 * `purchase` decision (`approvePurchase`/`rejectPurchase`, the inbox, the signed links):
 * `match` when the invoice is outside the tolerance, `bank` for bank details nobody confirmed.
 * Reminds, escalates to the second approver, and waits without a cap: nothing is paid by silence.
 */
export async function askBuyer(h: InvoiceHandling, kind: 'match' | 'bank'): Promise<Approvals> {
  const { context, state, config } = h;
  const invoice = state.invoice;
  if (!invoice) throw new Error('invoice: nothing to approve');
  const approval = buyerApproval(config);
  state.step = kind === 'match' ? 'awaiting-approval' : 'awaiting-bank-check';
  const reason =
    kind === 'match'
      ? `invoice ${state.match?.outcome ?? 'mismatch'}: ${state.match?.discrepancies.length ?? 0} discrepancies`
      : `bank details ${state.bankCheck?.status ?? 'unconfirmed'}: confirm them with the supplier by phone`;
  const decision = await awaitApproval(
    state,
    {
      subject: 'purchase',
      amount: invoice.total,
      currency: invoice.currency,
      reason,
      approver: approval.approvers.primary,
      escalateTo: approval.approvers.secondary,
      remindAfterMs: (approval.remindAfterHours ?? 24) * HOUR_MS,
      escalateAfterMs: (approval.escalateAfterHours ?? 48) * HOUR_MS,
    },
    notifier(h, kind),
    () => context.completionRequested,
    context.resumableWait,
  );
  return decision ? { kind, decision } : { kind: 'withdrawn' };
}

/** Goes on waiting for the approval a previous run asked for, from the state alone. */
export async function resumeApproval(h: InvoiceHandling): Promise<Approvals> {
  const { context, state } = h;
  const kind = state.step === 'awaiting-bank-check' ? 'bank' : 'match';
  const decision = await approvalDecision(state, notifier(h, kind), () => context.completionRequested, context.resumableWait);
  return decision ? { kind, decision } : { kind: 'withdrawn' };
}

/** The emails of an approval (request, reminder, escalation) to `to`, from the state alone. */
function notifier(h: InvoiceHandling, kind: 'match' | 'bank') {
  const { context, state, from } = h;
  return async (notice: ApprovalNotice, to: string, _approval: unknown, key: string) => {
    const approval = state.approval;
    const invoice = state.invoice;
    if (!approval || !invoice) throw new Error('invoice: no approval to notify about');
    const links = await decisionLinksFor(context.threadId, approval, to);
    const body =
      kind === 'match' && state.match
        ? matchQuestionText(invoice, state.match)
        : bankDetailsNoticeText(invoice, { id: state.supplierId ?? 'unknown supplier', name: invoice.supplierName }, state.bankCheck?.status ?? 'missing');
    state.awaiting = {
      who: awaitedNow(approval, to),
      what: kind === 'match' ? 'approval' : 'bank details check',
      since: approval.requestedAt,
      until: notice === 'escalation' ? undefined : approval.escalateAt,
    };
    const prefix = notice === 'request' ? '' : notice === 'reminder' ? 'Reminder: ' : 'Escalated: ';
    await sendEmail({
      messageId: context.outboundMessageId(`${kind}-approval-${key}`),
      threadId: context.threadId,
      from,
      to: [{ address: to }],
      subject: `${prefix}${body.subject}`,
      text: `${body.text}\n\n${approvalFooter(context.threadId, links)}`,
    });
  };
}
