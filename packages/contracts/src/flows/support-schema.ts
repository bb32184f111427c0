import { z } from 'zod';

/**
 * The vocabulary of the Customer Support flow, declared once: the agents classify with it, the
 * support desk looks facts up by it, the flow keeps it in its state.
 */

/** The customer-service intents a support thread's messages are classified with. */
export const SUPPORT_INTENTS = ['order-status', 'refund-return', 'product-question', 'complaint', 'account'] as const;
export const supportIntentSchema = z.enum(SUPPORT_INTENTS);
export type SupportIntent = z.infer<typeof supportIntentSchema>;

/** Whether a classified intent (any flow's) is a support intent. */
export function isSupportIntent(intent: unknown): intent is SupportIntent {
  return supportIntentSchema.safeParse(intent).success;
}

/** How soon a thread needs a first response, as classified. */
export const URGENCIES = ['low', 'normal', 'high'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;

/** The sender's tone, as classified. */
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const sentimentSchema = z.enum(SENTIMENTS);
export type Sentiment = z.infer<typeof sentimentSchema>;

/**
 * When a drafted answer may go out without a human (the support flow's configuration, plain JSON
 * recorded in every thread's history by `loadFlowConfig`: its shape never changes).
 */
export interface AutoReplyPolicy {
  /** Drafts below this confidence (0..1) go to a human. */
  minConfidence: number;
  /** Refunds above this amount need a human's approval. */
  refundLimit: number;
  /** ISO 4217 code of `refundLimit`. */
  currency: string;
  /** Replaces the support desk's `DEFAULT_LEGAL_TERMS`. */
  legalTerms?: readonly string[];
}

/** First-response targets, in minutes, per urgency (recorded with the flow configuration like {@link AutoReplyPolicy}). */
export interface SlaPolicy {
  firstResponseMinutes: Record<Urgency, number>;
}

/** 1 hour for high, 4 hours for normal, 24 hours for low urgency. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponseMinutes: { high: 60, normal: 240, low: 1440 },
};
