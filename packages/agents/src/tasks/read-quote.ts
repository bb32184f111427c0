import { z } from 'zod';
import type { AgentEmail, AgentTask } from '../task';
import { systemPrompt, wrapEmail } from './prompt';

/** Input of {@link readQuoteTask}: a supplier's reply (`receivedAt` anchors "valid for 30 days"). */
export type ReadQuoteInput = AgentEmail;

export const quoteLineSchema = z.object({
  item: z.string().min(1),
  quantity: z.number().positive().nullable(),
  unit: z.string().nullable(),
  unitPrice: z.number().nonnegative().nullable(),
});

export const readQuoteOutputSchema = z.object({
  /** `declined`: the supplier will not quote (then prices are null and `lines` may be empty). */
  status: z.enum(['quoted', 'declined']),
  lines: z.array(quoteLineSchema),
  total: z.number().nonnegative().nullable(),
  /** ISO 4217 code. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
    .nullable(),
  /** Lead time in calendar days ("3 weeks" = 21). */
  leadTimeDays: z.number().int().nonnegative().nullable(),
  /** Last day the offer is valid, ISO date `YYYY-MM-DD`. */
  validUntil: z.iso.date().nullable(),
  /** Payment, delivery and other terms, verbatim-ish, e.g. `Payment: 30 days net`. */
  conditions: z.array(z.string()),
  declineReason: z.string().nullable(),
});

export type QuoteLine = z.infer<typeof quoteLineSchema>;
/** Output of {@link readQuoteTask}. */
export type ReadQuoteOutput = z.infer<typeof readQuoteOutputSchema>;

/** Reads a supplier's quote: unit prices, total, currency, lead time, validity, conditions, or a decline. */
export const readQuoteTask: AgentTask<ReadQuoteInput, ReadQuoteOutput> = {
  name: 'read_quote',
  schema: readQuoteOutputSchema,
  prompt: (input) => ({
    system: systemPrompt(
      'Task: read a supplier\'s reply to a request for quotation.',
      'status: "declined" if the supplier will not or cannot quote, else "quoted".',
      'lines: each quoted item with quantity, unit and unitPrice (numbers without thousands separators; "1.234,50" is 1234.5).',
      'total: the quoted total (or null); currency: ISO 4217 code; leadTimeDays: delivery lead time in days (weeks x 7);',
      'validUntil: ISO date until which the offer holds (resolve "valid for 30 days" against the Received date);',
      'conditions: payment, shipping, warranty and other terms as short strings; declineReason: why they declined, or null.',
    ),
    user: wrapEmail(input),
  }),
};
