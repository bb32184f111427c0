import { z } from 'zod';
import type { AgentEmail, AgentTask } from '../task';
import { systemPrompt, wrapEmail } from './prompt';

/** Input of {@link extractPurchaseRequestTask}: the request email (`receivedAt` anchors "by Dec 15"). */
export type ExtractPurchaseRequestInput = AgentEmail;

/** Fields a purchase request needs before procurement can ask suppliers. */
export const PURCHASE_REQUEST_FIELDS = ['items', 'quantity', 'budget', 'currency', 'neededBy', 'deliveryLocation', 'requester'] as const;
export type PurchaseRequestField = (typeof PURCHASE_REQUEST_FIELDS)[number];

export const purchaseItemSchema = z.object({
  name: z.string().min(1),
  quantity: z.number().positive().nullable(),
  /** e.g. `pcs`, `box`, `kg`, `licence`; null when only a count was given. */
  unit: z.string().nullable(),
  specification: z.string().nullable(),
});

export const extractPurchaseRequestOutputSchema = z.object({
  items: z.array(purchaseItemSchema),
  budget: z.number().nonnegative().nullable(),
  /** ISO 4217 code, e.g. `EUR`. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
    .nullable(),
  /** ISO date `YYYY-MM-DD`. */
  neededBy: z.iso.date().nullable(),
  deliveryLocation: z.string().nullable(),
  /** The person asking (name if known, else address). */
  requester: z.string().nullable(),
  /**
   * Which fields are absent, so the flow can ask for them. `quantity`: some item lacks one. A
   * delivery location is optional (the requester's site unless they say otherwise), so it is not
   * listed; the value stays in the enum for compatibility.
   */
  missing: z.array(z.enum(PURCHASE_REQUEST_FIELDS)),
});

export type PurchaseItem = z.infer<typeof purchaseItemSchema>;
/** Output of {@link extractPurchaseRequestTask}. */
export type ExtractPurchaseRequestOutput = z.infer<typeof extractPurchaseRequestOutputSchema>;

/** Extracts a purchase request: items, budget, currency, needed-by date, delivery location, requester. */
export const extractPurchaseRequestTask: AgentTask<ExtractPurchaseRequestInput, ExtractPurchaseRequestOutput> = {
  name: 'extract_purchase_request',
  schema: extractPurchaseRequestOutputSchema,
  prompt: (input) => ({
    system: systemPrompt(
      'Task: extract a purchase request from an internal email.',
      'items: each thing to buy with name, quantity (number or null), unit (e.g. "pcs", "box", "licence" or null) and specification (model, size, colour... or null).',
      'budget: the total budget as a number (no thousands separators) or null; currency: ISO 4217 code or null.',
      'neededBy: ISO date YYYY-MM-DD, resolving relative dates ("by Dec 15", "in two weeks") against the Received date; null if absent.',
      'deliveryLocation: where to deliver, or null. requester: the person asking (name, else address).',
      `missing: every one of ${PURCHASE_REQUEST_FIELDS.filter((f) => f !== 'deliveryLocation').join(', ')} that the email does not state ("quantity" if any item lacks one); a delivery location is optional and never listed. Never invent values.`,
    ),
    user: wrapEmail(input),
  }),
};
