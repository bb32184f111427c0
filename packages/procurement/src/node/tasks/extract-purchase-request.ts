import type { PurchaseRequest, RequestedItem } from '@org/orchestrator-contracts';
import { PURCHASE_REQUEST_FIELDS, purchaseRequestSchema, requestedItemSchema } from '@org/orchestrator-contracts';
import type { AgentEmail, AgentTask } from '@org/orchestrator-agents';
import { systemPrompt, wrapEmail } from '@org/orchestrator-agents';

/** Input of {@link extractPurchaseRequestTask}: the request email (`receivedAt` anchors "by Dec 15"). */
export type ExtractPurchaseRequestInput = AgentEmail;

// The purchase request is the procurement flow's vocabulary, declared once in the contracts.
export { PURCHASE_REQUEST_FIELDS };
export type { PurchaseRequestField } from '@org/orchestrator-contracts';
export const purchaseItemSchema = requestedItemSchema;
export const extractPurchaseRequestOutputSchema = purchaseRequestSchema;
/** One item to buy. */
export type PurchaseItem = RequestedItem;
/** Output of {@link extractPurchaseRequestTask}. */
export type ExtractPurchaseRequestOutput = PurchaseRequest;

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
