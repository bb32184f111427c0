import type { EmailMessageInput } from '@org/orchestrator-contracts';

/** The mailbox the chaos customers write to. */
export const SUPPORT_MAILBOX = 'support@shop.example';
/** The customers' domain: the (simulated) trusted relay proves it, so the sender counts as authenticated. */
export const CUSTOMER_DOMAIN = 'customers.example';

/**
 * Product questions the support flow answers automatically, one answer each: the rules agents
 * classify every one as `product-question` with neutral sentiment, and the sample knowledge base
 * has an article that covers it (draft confidence well above the default minimum). Nothing in them
 * is about an order, a refund or an account, so an unauthenticated-sender policy would not change
 * the outcome either.
 */
const QUESTIONS = [
  'Which payment methods do you accept? Can I pay by invoice or with PayPal?',
  'How long does delivery to Austria take, and what does shipping cost?',
  'How do I make a warranty claim if the kettle stops heating one day?',
] as const;

/** Message `n` (1-based) of thread `t` (1-based) of the run `runId`. */
export function messageIdOf(runId: string, t: number, n: number): string {
  return `<chaos-${runId}-t${t}-m${n}@${CUSTOMER_DOMAIN}>`;
}

/**
 * Message `n` of thread `t`: customer `t` writes to support and answers each of our answers
 * (same thread id, `In-Reply-To`/`References` to its own earlier messages). It carries what the
 * ingress records for mail from a relay it trusts, as `deliverEmail` callers behind such a relay do.
 */
export function chaosMessage(runId: string, t: number, n: number, receivedAt: Date): EmailMessageInput {
  const earlier = Array.from({ length: n - 1 }, (_, i) => messageIdOf(runId, t, i + 1));
  const question = QUESTIONS[(n - 1) % QUESTIONS.length];
  const round = Math.floor((n - 1) / QUESTIONS.length);
  const subject = `Question about payment methods (${runId} #${t})`;
  return {
    messageId: messageIdOf(runId, t, n),
    threadId: messageIdOf(runId, t, 1),
    from: { name: `Customer ${t}`, address: `customer-${t}@${CUSTOMER_DOMAIN}` },
    to: [{ name: 'Customer Support', address: SUPPORT_MAILBOX }],
    subject: n === 1 ? subject : `Re: ${subject}`,
    text: `Hello,\n\n${question}${round > 0 ? ` (asking again, ${round + 1})` : ''}\n\nBest regards,\nCustomer ${t}`,
    receivedAt: receivedAt.toISOString(),
    ...(earlier.length > 0 ? { inReplyTo: earlier.at(-1), references: earlier } : {}),
    authentication: { verifiedBy: 'chaos-harness', relay: 'chaos harness (direct delivery)', alignedDomain: CUSTOMER_DOMAIN, dkim: [] },
  };
}
