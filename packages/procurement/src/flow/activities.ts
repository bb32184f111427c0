import { PURCHASE_ORDER_CONFLICT } from '../errors';
import type { ProcurementActivities } from '../node/procurement-activities';
import { documentStepsFor, remoteAgentStepsFor, shortStepsFor } from '@org/orchestrator-thread-kit';

// The procurement flow's own activities (this package's `./node` entry, types only), proxied
// with the thread kit's options: the same activity types, options and local-or-not choice as ever.

const steps = shortStepsFor<Pick<ProcurementActivities, 'findSuppliers'>>();

/** Suppliers to ask for quotes, best first (a short step). */
export const findSuppliers: ProcurementActivities['findSuppliers'] = (input) => steps().findSuppliers(input);

/** The requester's email read into a purchase request, and the supplier's reply into a quote: always activities. */
export const { extractPurchaseRequest, readQuote } = remoteAgentStepsFor<Pick<ProcurementActivities, 'extractPurchaseRequest' | 'readQuote'>>();

/** The thread's purchase order and its PDF (never retried on a conflicting second order). */
export const { createPurchaseOrder } = documentStepsFor<Pick<ProcurementActivities, 'createPurchaseOrder'>>([PURCHASE_ORDER_CONFLICT]);
