import { z } from 'zod';
import { approvalStateSchema, awaitingSchema } from './shared-state';
import { purchaseRequestSchema, receivedQuoteSchema } from './procurement-schema';
import { routingSchema } from './routing-schema';

/** The state of the procurement flow (its `flowState`) and of its RFQ children, declared once. */

export const PROCUREMENT_STEPS = [
  'extracting',
  'awaiting-information',
  'requesting-quotes',
  'comparing',
  'awaiting-approval',
  'ordering',
  'completed',
  /** Held for a human (see `heldFor`); the thread is escalated and nothing more is automatic. */
  'needs-human',
] as const;
export type ProcurementStep = (typeof PROCUREMENT_STEPS)[number];

/** Why a procurement was held for a human instead of going on. */
export const PROCUREMENT_HOLDS = ['unauthenticated', 'requester-not-allowed', 'clarification-limit'] as const;
export type ProcurementHold = (typeof PROCUREMENT_HOLDS)[number];

export const PROCUREMENT_OUTCOMES = ['ordered', 'rejected', 'no-quotes', 'no-eligible-quote', 'no-suppliers', 'information-missing', 'cancelled'] as const;
export type ProcurementOutcome = (typeof PROCUREMENT_OUTCOMES)[number];

export const RFQ_STATUSES = ['requested', 'quoted', 'declined', 'no-response', 'unreadable', 'cancelled'] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];

/** One request for quotation (one child workflow). */
export const rfqStateSchema = z.object({
  supplierId: z.string(),
  supplierName: z.string(),
  supplierEmail: z.string(),
  /** The child workflow (`email-thread:<rfqMessageId>`): supplier replies are routed to it. */
  workflowId: z.string(),
  /** Message-ID of the RFQ email; the supplier's replies belong to this thread. */
  rfqMessageId: z.string(),
  status: z.enum(RFQ_STATUSES),
  quote: receivedQuoteSchema.optional(),
  replies: z.number().optional(),
  reminded: z.boolean().optional(),
  clarifications: z.number().optional(),
});
export type RfqState = z.infer<typeof rfqStateSchema>;

/** The `flowState` of an RFQ child workflow (its own `threadState` query, thread id = the RFQ's Message-ID). */
export const rfqThreadStateSchema = z.object({
  /** Never set: an RFQ has no flow step (its `status` says where it is); declared so a thread's state reads alike. */
  step: z.undefined().optional(),
  supplierId: z.string(),
  parentThreadId: z.string(),
  status: z.enum(RFQ_STATUSES),
  quote: receivedQuoteSchema.optional(),
  replies: z.number(),
  reminded: z.boolean(),
  clarifications: z.number(),
  /** The quote deadline (ISO). */
  deadline: z.string(),
  /** After a readable quote: until when a correction may still replace it (ISO). */
  settleAt: z.string().optional(),
});
export type RfqThreadState = z.infer<typeof rfqThreadStateSchema>;

/** The comparison of the collected quotes, as the state shows it. */
export const quoteComparisonStateSchema = z.object({
  best: z.string().optional(),
  currency: z.string().optional(),
  ranking: z.array(
    z.object({
      supplierId: z.string(),
      total: z.number(),
      currency: z.string().nullable(),
      eligible: z.boolean(),
      reasons: z.array(z.string()),
      notes: z.array(z.string()),
    }),
  ),
  rejected: z.array(z.object({ supplierId: z.string(), reason: z.string() })),
});

/** The `flowState` of a procurement thread once its first step ran. */
export const procurementFlowStateSchema = z.object({
  routing: routingSchema.optional(),
  step: z.enum(PROCUREMENT_STEPS),
  /** The requester's address (lowercased and authenticated, for threads started under the sender policy). */
  requester: z.string(),
  /** Set with step `needs-human`. */
  heldFor: z.enum(PROCUREMENT_HOLDS).optional(),
  /** The thread started under the sender policy: only the authenticated requester's mail counts. */
  senderPolicy: z.boolean().optional(),
  request: purchaseRequestSchema.optional(),
  awaiting: awaitingSchema.optional(),
  /** While the requester is asked for missing details: how often, and until when (ISO); a later run goes on from it. */
  information: z
    .object({ asked: z.number(), questions: z.number(), reminded: z.boolean(), since: z.string(), remindAt: z.string(), deadline: z.string() })
    .optional(),
  /** When suppliers must have quoted (ISO). */
  quoteDeadline: z.string().optional(),
  rfqs: z.record(z.string(), rfqStateSchema),
  comparison: quoteComparisonStateSchema.optional(),
  approval: approvalStateSchema.optional(),
  purchaseOrder: z.object({ number: z.string(), supplierId: z.string(), total: z.number(), currency: z.string(), document: z.string() }).optional(),
  outcome: z.enum(PROCUREMENT_OUTCOMES).optional(),
});
export type ProcurementFlowState = z.infer<typeof procurementFlowStateSchema>;
