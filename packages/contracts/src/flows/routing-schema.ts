import { z } from 'zod';
import { FLOW_NAMES } from '../names';
import { PROCUREMENT_INTENTS } from './procurement-schema';
import { SENTIMENTS, SUPPORT_INTENTS, URGENCIES } from './support-schema';

/** Every intent a thread can be classified with: the flows' own, and `other` (no flow). */
export const AGENT_INTENTS = [...PROCUREMENT_INTENTS, ...SUPPORT_INTENTS, 'other'] as const;
export type AgentIntent = (typeof AGENT_INTENTS)[number];

/**
 * The intents of the flows that live in packages of their own, routed by their own rules before the
 * classifier (see the activities' `FlowRuntime.route`). Invoice: a supplier's invoice, the
 * warehouse's goods receipt.
 */
export const INVOICE_INTENTS = ['invoice', 'goods-receipt'] as const;
export type InvoiceIntent = (typeof INVOICE_INTENTS)[number];

/** Every intent a thread's routing may record: the classifier's, and the packaged flows'. */
export const ROUTING_INTENTS = [...AGENT_INTENTS, ...INVOICE_INTENTS] as const;
export type RoutingIntent = (typeof ROUTING_INTENTS)[number];

/**
 * How a thread's first message was routed (the `classifyThread` activity's answer without its
 * usage), kept in the flow state as `routing`: a support turn's own classification has the same shape.
 */
export const routingSchema = z.object({
  flow: z.enum(FLOW_NAMES),
  intent: z.enum(ROUTING_INTENTS),
  urgency: z.enum(URGENCIES),
  /** ISO 639-1 code the agents detected (absent in classifications recorded before it existed). */
  language: z.string().optional(),
  sentiment: z.enum(SENTIMENTS),
  confidence: z.number().min(0).max(1),
  /** Below the agents' confidence threshold: a guess, handed to a person. Absent in results recorded before. */
  unsure: z.boolean().optional(),
});

/** A thread's routing (see {@link routingSchema}). */
export type Routing = z.infer<typeof routingSchema>;
