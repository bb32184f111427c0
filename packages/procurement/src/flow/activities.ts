import { PURCHASE_ORDER_CONFLICT } from '../errors';
import type { ProcurementActivities } from '../node/procurement-activities';
import { agentStepsFor, inlineDocumentStepsFor, isPatched, mailStepsFor, shortStepsFor } from '@org/orchestrator-thread-kit';

// The procurement flow's own activities (this package's `./node` entry, types only), proxied
// with the thread kit's options: the same activity types, options and local-or-not choice as ever.

/**
 * Threads (requests and RFQ children) that start on this code run their steps inline as local
 * activities: the agents when their provider answers in-process (`FlowConfig.agentsInline`), the
 * purchase order (one per thread: idempotent), and the flow's own mail (guarded by the outbox
 * ledger); their search attributes are upserted where the thread waits or ends, not per step.
 * Threads that started before keep their activities in their replayed history.
 */
export const PROCUREMENT_INLINE_STEPS_PATCH = 'procurement-inline-steps';

/** Whether this point of the thread runs the procurement steps inline (see {@link PROCUREMENT_INLINE_STEPS_PATCH}). */
export const inlineProcurementSteps = (): boolean => isPatched(PROCUREMENT_INLINE_STEPS_PATCH);

const steps = shortStepsFor<Pick<ProcurementActivities, 'findSuppliers'>>();

/** Suppliers to ask for quotes, best first (a short step). */
export const findSuppliers: ProcurementActivities['findSuppliers'] = (input) => steps().findSuppliers(input);

/**
 * The requester's email read into a purchase request, and the supplier's reply into a quote, for a
 * thread whose agents answer in-process or not (`agentsInline`: the configuration's, handed to RFQ
 * children in their input): local activities under {@link PROCUREMENT_INLINE_STEPS_PATCH} when they
 * do; else activities with heartbeats, as every thread started before ran them.
 */
export const procurementAgents = agentStepsFor<Pick<ProcurementActivities, 'extractPurchaseRequest' | 'readQuote'>>(PROCUREMENT_INLINE_STEPS_PATCH);

/**
 * The thread's purchase order and its PDF (never retried on a conflicting second order): inline
 * under {@link PROCUREMENT_INLINE_STEPS_PATCH} (`createPurchaseOrder` is idempotent per thread), else an activity.
 */
export const ordering = inlineDocumentStepsFor<Pick<ProcurementActivities, 'createPurchaseOrder'>>(PROCUREMENT_INLINE_STEPS_PATCH, [PURCHASE_ORDER_CONFLICT]);

/** The flow's mail (RFQs, reminders, questions, orders, notes), inline under {@link PROCUREMENT_INLINE_STEPS_PATCH}. */
export const procurementMail = mailStepsFor(PROCUREMENT_INLINE_STEPS_PATCH);
