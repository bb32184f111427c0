/**
 * The procurement flow, workflow-safe part (no I/O, no clock, no Node built-ins): the procurement
 * `ThreadFlow` on the thread kit ({@link procurementFlow}, with its activity proxies typed by its
 * own `./node` activities), its RFQ child workflow ({@link rfqWorkflow}), its policy (quote
 * comparison, approval) and its texts. The stores, the purchase order document, the activities and
 * the flow's `FlowModule` are in `@org/orchestrator-procurement/node`, for the worker only.
 *
 * @example
 * import { approvalRequirement, compareQuotes } from '@org/orchestrator-procurement';
 *
 * const { best, rejected } = compareQuotes(quotes, { ...request, requestedAt: new Date().toISOString() });
 * const approval = approvalRequirement(total, 'EUR', policy); // { kind: 'automatic' } | { kind: 'approver', … }
 *
 * @module
 */
export type {
  PurchaseOrder,
  PurchaseOrderInput,
  PurchaseOrderLine,
  PurchaseOrderLineInput,
  PurchaseRequest,
  PurchaseRequestField,
  QuoteLine,
  ReceivedQuote,
  Supplier,
} from './types';
export type { ProcurementConfig, ProcurementConfigOverrides, ProcurementRequesters } from './config';
export { compareQuotes } from './compare-quotes';
export type { QuoteComparison, QuoteComparisonRequest, RankedQuote } from './compare-quotes';
export { AUTOMATIC_APPROVAL, DEFAULT_APPROVAL_TIMING, approvalRequirement, isKnownApprover } from './approval';
export type { ApprovalPolicy, ApprovalRequirement } from './approval';
export { PURCHASE_ORDER_CONFLICT } from './errors';
export { PURCHASE_ORDER_NUMBER_PATTERN, formatPurchaseOrderNumber, parsePurchaseOrderNumber } from './ids';
export { procurementFlow } from './flow/procurement-flow';
export type { ProcurementState } from './flow/procurement-flow';
export { rfqFinishedSignal, rfqWorkflow } from './flow/rfq-workflow';
export type { RfqInput, RfqResult } from './flow/rfq-workflow';
/** The procurement flow's texts in every reply language (the thread workflow's language tests read them). */
export * as procurementTexts from './flow/messages';
