/**
 * Procurement domain of Agent Orchestrator: the pure, deterministic part, safe to import from
 * Temporal workflow code (no Node built-ins, no I/O, no clock). Stores and document rendering
 * live in `@org/orchestrator-procurement/node`, for activities.
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
export { compareQuotes } from './compare-quotes';
export type { QuoteComparison, QuoteComparisonRequest, RankedQuote } from './compare-quotes';
export { AUTOMATIC_APPROVAL, DEFAULT_APPROVAL_TIMING, approvalRequirement, isKnownApprover } from './approval';
export type { ApprovalPolicy, ApprovalRequirement } from './approval';
export { PURCHASE_ORDER_CONFLICT } from './errors';
export { PURCHASE_ORDER_NUMBER_PATTERN, formatPurchaseOrderNumber, parsePurchaseOrderNumber } from './ids';
