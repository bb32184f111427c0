import type { Quote } from '@org/orchestrator-contracts';
import { quoteLineSchema, quoteSchema } from '@org/orchestrator-contracts';
import type { AgentEmail, AgentTask } from '@org/orchestrator-agents';
import { systemPrompt, wrapEmail } from '@org/orchestrator-agents';

/** Input of {@link readQuoteTask}: a supplier's reply (`receivedAt` anchors "valid for 30 days"). */
export type ReadQuoteInput = AgentEmail;

// The quote is the procurement flow's vocabulary, declared once in the contracts.
export const readQuoteOutputSchema = quoteSchema;
export { quoteLineSchema };
export type { QuoteLine } from '@org/orchestrator-contracts';
/** Output of {@link readQuoteTask}: the quote as read. */
export type ReadQuoteOutput = Quote;

/** Reads a supplier's quote: unit prices, total, currency, lead time, validity, conditions, or a decline. */
export const readQuoteTask: AgentTask<ReadQuoteInput, ReadQuoteOutput> = {
  name: 'read_quote',
  schema: readQuoteOutputSchema,
  prompt: (input) => ({
    system: systemPrompt(
      "Task: read a supplier's reply to a request for quotation.",
      'status: "declined" if the supplier will not or cannot quote, else "quoted".',
      'lines: each quoted item with quantity, unit and unitPrice (numbers without thousands separators; "1.234,50" is 1234.5).',
      'total: the quoted total (or null); currency: ISO 4217 code; leadTimeDays: delivery lead time in days (weeks x 7);',
      'validUntil: ISO date until which the offer holds (resolve "valid for 30 days" against the Received date);',
      'conditions: payment, shipping, warranty and other terms as short strings; declineReason: why they declined, or null.',
    ),
    user: wrapEmail(input),
  }),
};
