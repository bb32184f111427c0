import type { ApprovalState, ProcurementFlowState } from '@org/orchestrator-contracts';
import type { ApprovalNotice, DecisionLinks } from '../../approval/approval';
import { decisionLinkText } from '../../approval/approval';
import { money } from '../shared';
import type { ExtractedRequest } from './request';
import { FIELD_QUESTIONS } from './request';

const SIGNATURE = '\n\nPurchasing team';

function itemLines(request: Pick<ExtractedRequest, 'items'>): string {
  return request.items
    .map((i) => `- ${i.quantity ?? '?'} ${i.unit ?? 'x'} ${i.name}${i.specification ? ` (${i.specification})` : ''}`)
    .join('\n');
}

const day = (iso: string) => iso.slice(0, 10);

export function askForInformation(missing: Array<keyof typeof FIELD_QUESTIONS>, reminder: boolean): string {
  const intro = reminder
    ? 'A reminder: we still need a few details before we can ask suppliers for quotes.'
    : 'Thank you for your purchase request. Before we can ask suppliers for quotes, we need a few details:';
  return `Hello,\n\n${intro}\n\n${missing.map((f) => `- ${FIELD_QUESTIONS[f]}`).join('\n')}\n\nPlease reply to this email.${SIGNATURE}`;
}

export function requestAbandoned(): string {
  return `Hello,\n\nWe did not receive the missing details in time, so we have closed this purchase request. Send a new request whenever you are ready.${SIGNATURE}`;
}

export function requestWithdrawn(): string {
  return `Hello,\n\nYour purchase request was closed before anything was ordered. Reply to this email if you still need it.${SIGNATURE}`;
}

export function rfqText(supplierName: string, request: ExtractedRequest, deadline: string): string {
  return (
    `Dear ${supplierName},\n\nWe would like to receive your quotation for:\n\n${itemLines(request)}\n\n` +
    (request.neededBy ? `Delivery needed by: ${request.neededBy}\n` : '') +
    (request.deliveryLocation ? `Delivery to: ${request.deliveryLocation}\n` : '') +
    `\nPlease reply to this email by ${day(deadline)} with unit prices, the total, currency, lead time and how long the offer is valid. ` +
    'A corrected quote sent as a reply to this email replaces the earlier one. If you cannot quote, a short reply saying so helps us.' +
    SIGNATURE
  );
}

export function rfqReminder(supplierName: string, deadline: string): string {
  return `Dear ${supplierName},\n\nA friendly reminder of our request for quotation below: we are collecting quotes until ${day(deadline)}.${SIGNATURE}`;
}

export function rfqClarification(supplierName: string): string {
  return (
    `Dear ${supplierName},\n\nThank you for your reply. We could not read a complete quote from it: ` +
    'could you reply with the unit price of each item, the total, the currency and the lead time?' +
    SIGNATURE
  );
}

export function approvalText(
  notice: ApprovalNotice,
  state: ProcurementFlowState,
  approval: ApprovalState,
  threadId: string,
  links: DecisionLinks = null,
): { subject: string; text: string } {
  const best = state.comparison?.ranking.find((r) => r.supplierId === state.comparison?.best);
  const supplier = best ? (state.rfqs[best.supplierId]?.supplierName ?? best.supplierId) : 'the chosen supplier';
  const prefix = notice === 'request' ? 'Approval needed' : notice === 'reminder' ? 'Reminder: approval needed' : 'Escalated: approval needed';
  const text =
    `Hello,\n\n` +
    (notice === 'escalation' ? `The first approver has not answered, so this purchase now comes to you.\n\n` : '') +
    `${state.requester} asks to buy:\n\n${itemLines(state.request ?? { items: [] })}\n\n` +
    `Best quote: ${supplier}, ${money(approval.amount, approval.currency)}` +
    (best?.notes.length ? ` (${best.notes.join('; ')})` : '') +
    `\nWhy approval is needed: ${approval.reason}\n\n` +
    decisionLinkText(links) +
    `Approve:  orchestrator approve ${threadId} --as <your address>\n` +
    `Reject:   orchestrator reject ${threadId} --as <your address> --comment "why"\n` +
    SIGNATURE;
  return { subject: `[${prefix}] Purchase of ${money(approval.amount, approval.currency)} from ${supplier}`, text };
}

export function purchaseOrderText(supplierName: string, poNumber: string, total: number, currency: string): string {
  return (
    `Dear ${supplierName},\n\nThank you for your quotation. Please find attached our purchase order ${poNumber} ` +
    `over ${money(total, currency)}. Kindly confirm receipt and the delivery date by replying to this email.${SIGNATURE}`
  );
}

export function requesterConfirmation(poNumber: string, supplierName: string, total: number, currency: string, neededBy: string | null): string {
  return (
    `Hello,\n\nYour purchase request has been ordered: purchase order ${poNumber} went to ${supplierName} ` +
    `over ${money(total, currency)}${neededBy ? `, for delivery by ${neededBy}` : ''}. The purchase order is attached.${SIGNATURE}`
  );
}

/** To a supplier who quoted and was not chosen: another won, or (`ordered` false) nothing was ordered. */
export function notSelected(supplierName: string, ordered: boolean): string {
  const outcome = ordered ? 'This time we have placed the order with another supplier' : 'This time we are not placing an order';
  return `Dear ${supplierName},\n\nThank you for your quotation. ${outcome}; we look forward to your offers in future.${SIGNATURE}`;
}

export function requestRejected(approver: string, comment: string | undefined): string {
  return `Hello,\n\nYour purchase request was not approved by ${approver}${comment ? `: "${comment}"` : '.'}\n\nReply to this email if you would like to discuss it.${SIGNATURE}`;
}

export function noOrder(outcome: 'no-quotes' | 'no-eligible-quote' | 'no-suppliers', reasons: string[]): string {
  const why =
    outcome === 'no-suppliers'
      ? 'we have no supplier in our directory for these items'
      : outcome === 'no-quotes'
        ? 'no supplier sent a quote before the deadline'
        : 'none of the quotes meets the request';
  return `Hello,\n\nWe could not place your order: ${why}.${reasons.length ? `\n\n${reasons.map((r) => `- ${r}`).join('\n')}` : ''}\n\nThe purchasing team has been told and will follow up with you.${SIGNATURE}`;
}
