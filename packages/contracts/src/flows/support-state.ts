import { z } from 'zod';
import { emailMessageSchema } from '../email';
import { DECISION_CHANNELS } from '../decisions';
import { approvalStateSchema, awaitingSchema } from './shared-state';
import { routingSchema } from './routing-schema';
import { sentimentSchema, urgencySchema } from './support-schema';

/** The state of the Customer Support flow (its `flowState`), declared once. */

export const SUPPORT_STEPS = [
  'answering',
  'awaiting-approval',
  'awaiting-agent',
  'awaiting-customer',
  'closed',
  /** A step failed for good (`ThreadState.escalation.failedStep`): a retry or an agent's reply continues. */
  'needs-human',
] as const;
export type SupportStep = (typeof SUPPORT_STEPS)[number];

/** One customer message and how it was answered. */
export const supportTurnSchema = z.object({
  messageId: z.string(),
  at: z.string(),
  /** The turn's own classification (any intent: a turn may be off-topic). */
  intent: z.string(),
  /** The customer's words, shortened (older turns are folded into `summary`). */
  excerpt: z.string(),
  answeredBy: z.enum(['auto', 'agent']).optional(),
  agent: z.string().optional(),
  /** The outgoing Message-ID of the answer. */
  replyMessageId: z.string().optional(),
  /** Why the draft was not sent automatically, if it was not. */
  refusals: z.array(z.string()).optional(),
  answerExcerpt: z.string().optional(),
});
export type SupportTurn = z.infer<typeof supportTurnSchema>;

const agentReplyWait = {
  agents: z.array(z.string()),
  since: z.string(),
  /** The customer message being answered. */
  forMessageId: z.string(),
  /** The drafted answer the agent was shown (shortened), kept so a resumed wait can show it again. */
  draft: z.string().optional(),
  /**
   * Opened because a step failed for good while answering `forMessageId`: the reply answers it in
   * place of the failed automatic handling, and sending it resolves the thread's escalation.
   */
  forFailedStep: z.boolean().optional(),
};

/**
 * While a human must answer: who may (`awaiting`), and once given (`received`, by the
 * `submitAgentReply` update) the answer, sent with `replyMessageId`.
 */
export const agentReplyStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('awaiting'), ...agentReplyWait }),
  z.object({
    status: z.literal('received'),
    ...agentReplyWait,
    agent: z.string(),
    reply: z.string(),
    /** How the reply was given (inbox, cli), when the client said so. */
    via: z.enum(DECISION_CHANNELS).optional(),
    acceptedAt: z.string(),
    /** The outgoing Message-ID the reply is sent with (given when it is accepted). */
    replyMessageId: z.string(),
  }),
]);
export type AgentReplyState = z.infer<typeof agentReplyStateSchema>;

/** The `flowState` of a support thread once its first step ran. */
export const supportFlowStateSchema = z.object({
  routing: routingSchema.optional(),
  step: z.enum(SUPPORT_STEPS),
  /** The customer's address: only their messages continue the conversation. */
  customer: z.string(),
  /** The thread's support intent (kept when a turn is off-topic). */
  intent: z.string(),
  urgency: urgencySchema,
  sentiment: sentimentSchema,
  turns: z.array(supportTurnSchema),
  /** A summary of turns folded out of `turns` when the conversation grew long. */
  summary: z.string().optional(),
  ticket: z.object({ id: z.string(), assignee: z.string(), reason: z.string(), createdAt: z.string() }).optional(),
  /** First-response deadline while a human must answer. */
  sla: z.object({ deadline: z.string(), breached: z.boolean(), escalatedTo: z.string().optional() }).optional(),
  approval: approvalStateSchema.optional(),
  agentReply: agentReplyStateSchema.optional(),
  /** While a refund awaits approval: what the answer will say, kept so a resumed wait can finish the handling. */
  refundRequest: z.object({ amount: z.string(), reasons: z.array(z.string()), draft: z.string(), orderId: z.string().optional() }).optional(),
  awaiting: awaitingSchema.optional(),
  /** When the thread closes if the customer stays silent (ISO). */
  closeAt: z.string().optional(),
  /** Messages from other addresses on this thread (recorded, never answered as the customer). */
  ignoredSenders: z.array(z.string()).optional(),
  /** When this thread answered automatically (ISO, within the auto-reply window): the per-thread limit. */
  autoReplies: z.array(z.string()).optional(),
  /** Set when this run reopened a thread that had been closed. */
  reopenedTicket: z.string().optional(),
  /** A trimmed copy of the customer's latest message: what the closing email replies to. */
  lastCustomerMessage: emailMessageSchema.optional(),
  /** The reply language of the latest customer turn (ISO 639-1): the closing mail is written in it. */
  language: z.string().optional(),
});
export type SupportFlowState = z.infer<typeof supportFlowStateSchema>;
