import { proxyActivities } from '@temporalio/workflow';
import type { InvoiceActivities } from '../node/invoice-activities';
import type { InvoicePolicyActivities } from '../node/invoice-policy';

// Error types no retry can fix: invalid input, a missing store, an agent that answered unusably, a store's refusal.
const nonRetryableErrorTypes = ['InvalidActivityInput', 'ActivityNotConfigured', 'GoodsReceiptConflict', 'InvoicePaymentConflict'];

/**
 * Reading an invoice or a receipt may call a remote model and extract PDF text: a generous
 * timeout and a bounded number of attempts, after which the thread goes to a person.
 */
export const { readInvoice, readGoodsReceipt } = proxyActivities<InvoiceActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [...nonRetryableErrorTypes, 'AgentOutputInvalid', 'AgentRequestRejected'],
  },
});

/** Store reads and writes: quick and idempotent, retried until a database outage heals. */
export const { recordGoodsReceipt, loadInvoiceMatchInputs, recordInvoicePayment, confirmSupplierBankDetails } = proxyActivities<InvoiceActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/** The invoice policy the worker was started with, recorded in the history like the flow configuration. */
export const { loadInvoicePolicy } = proxyActivities<InvoicePolicyActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
});
