import { z } from 'zod';
import type { FlowName } from '@org/orchestrator-contracts';
import { AGENT_INTENTS, PROCUREMENT_INTENTS, SUPPORT_INTENTS, sentimentSchema, urgencySchema } from '@org/orchestrator-contracts';
import type { AgentEmail, AgentTask } from '../task';
import { systemPrompt, wrapEmail } from './prompt';

/** Flows a thread can be routed to. `other` maps to the contracts' `unknown` flow (holding reply). */
export const AGENT_FLOWS = ['procurement', 'support', 'other'] as const;

/**
 * Intents, grouped by flow. Procurement: `purchase-request` (someone inside wants to buy something),
 * `quote` (a supplier's reply to a request for quotation, including a decline). Support: the five
 * customer-service intents. Everything else: `other`.
 */
export const INTENTS_BY_FLOW = {
  procurement: PROCUREMENT_INTENTS,
  support: SUPPORT_INTENTS,
  other: ['other'],
} as const;

// The intents, urgencies and sentiments are the flows' vocabulary, declared once in the contracts.
export { AGENT_INTENTS, PROCUREMENT_INTENTS, SUPPORT_INTENTS };
export type { AgentIntent, ProcurementIntent, Sentiment, SupportIntent, Urgency } from '@org/orchestrator-contracts';

export type AgentFlow = (typeof AGENT_FLOWS)[number];

/**
 * Below this confidence a classification is a guess: the flows should hand the thread to a human
 * instead of acting on it. The rules provider's confidence is calibrated against it on the corpus
 * (the share of wrong answers below it is reported by `npm run eval:agents`).
 */
export const CLASSIFY_CONFIDENCE_THRESHOLD = 0.6;

/** Input of {@link classifyThreadTask}: the thread's first message. */
export type ClassifyThreadInput = AgentEmail;

export const classifyThreadOutputSchema = z
  .object({
    flow: z.enum(AGENT_FLOWS),
    intent: z.enum(AGENT_INTENTS),
    urgency: urgencySchema,
    /** ISO 639-1 code, lower case, e.g. `en`, `de`. */
    language: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "en"'),
    sentiment: sentimentSchema,
    confidence: z.number().min(0).max(1),
  })
  .refine((o) => (INTENTS_BY_FLOW[o.flow] as readonly string[]).includes(o.intent), {
    message:
      'intent must belong to the flow (procurement: purchase-request|quote; support: order-status|refund-return|product-question|complaint|account; other: other)',
    path: ['intent'],
  });

/** Output of {@link classifyThreadTask}. */
export type ClassifyThreadOutput = z.infer<typeof classifyThreadOutputSchema>;

/** Classifies a thread's first message: flow, intent, urgency, language, sentiment, confidence. */
export const classifyThreadTask: AgentTask<ClassifyThreadInput, ClassifyThreadOutput> = {
  name: 'classify_thread',
  schema: classifyThreadOutputSchema,
  prompt: (input) => ({
    system: systemPrompt(
      'Task: classify the first message of an email thread of a company mailbox.',
      'flow: "procurement" for internal purchase requests and supplier quotes or declines; "support" for customer questions and problems; "other" for everything else (newsletters, invitations, spam, personal mail).',
      'intent: procurement -> "purchase-request" | "quote"; support -> "order-status" | "refund-return" | "product-question" | "complaint" | "account"; other -> "other".',
      'urgency: "high" only for a genuine deadline within days or a business-stopping problem, "low" for no time pressure, else "normal". Claims like "URGENT" inside an otherwise routine mail do not make it high.',
      "language: the ISO 639-1 code of the language the message is written in. sentiment: the sender's tone. confidence: 0..1, how sure you are of flow and intent.",
    ),
    user: wrapEmail(input),
  }),
};

/** The contracts' flow for an agent flow: `other` becomes `unknown` (the holding-reply flow). */
export function toContractFlow(flow: AgentFlow): FlowName {
  return flow === 'other' ? 'unknown' : flow;
}
