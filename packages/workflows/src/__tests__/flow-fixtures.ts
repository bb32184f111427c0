import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AgentCallOptions, AgentProvider, AgentResult, AgentTask } from '@org/orchestrator-agents';
import { RulesProvider } from '@org/orchestrator-agents';
import { flowAgentRules } from '@org/orchestrator-installed-flows';
import type {
  EmailAddress,
  EmailMessageInput,
  MessageAuthenticationInput,
  ProcurementFlowState,
  SupportFlowState,
  ThreadState,
} from '@org/orchestrator-contracts';
import { deliverEmail, getThreadState } from '@org/orchestrator-contracts/client';
import { eventually } from '@org/orchestrator-testing';

/** Emails of the procurement and support tests, read by the offline `rules` agents. */
export const REQUESTER = { address: 'alice@example.com', name: 'Alice' };
export const PURCHASING = { address: 'purchasing@orchestrator.test', name: 'Purchasing' };

/**
 * What the ingress records for a message whose DMARC check passed for `address`'s domain: the
 * sender is proven. Test messages carry it like ingress-delivered mail would; an attacker's don't.
 */
export function authenticatedAs(address: string): MessageAuthenticationInput {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return { verifiedBy: 'ingress', spf: { result: 'pass', domain }, dmarc: { result: 'pass', domain }, alignedDomain: domain };
}

/** The procurement tests' sender policy: the requester's domain is allowed. */
export const TRUSTED_REQUESTERS = { trust: { procurementRequesters: { domains: ['example.com'] } } };

export const REQUEST_TEXT =
  'Hello purchasing,\n\nWe need 4 laptops (Dell Latitude 5440) and 4 monitors (Dell P2723D) for the new team. ' +
  'Budget 8000 EUR. Needed by {neededBy}. Please deliver to the Berlin office.\n\nThanks, Alice';
export const INCOMPLETE_REQUEST_TEXT = 'Hello purchasing,\n\nWe need new laptops for the team. Budget 8000 EUR. Deliver to the Berlin office.\n\nThanks, Alice';

export const QUOTE_TABLE =
  'Dear Alice,\n\nthank you for your request. We are pleased to offer:\n\n| Item | Qty | Unit price | Total |\n|---|---|---|---|\n' +
  '| Laptop Dell Latitude 5440 | 4 | EUR 1.150,00 | EUR 4.600,00 |\n| Monitor Dell P2723D | 4 | EUR 279,00 | EUR 1.116,00 |\n\n' +
  'Total (net): EUR 5.716,00\n\nDelivery within 2 weeks after order. The offer is valid until {validUntil}.\nPayment terms: 30 days net.\n\nKind regards\nNorthwind IT';
export function quoteTable(unitLaptop: number, unitMonitor: number): string {
  const fmt = (n: number) => n.toLocaleString('de-DE', { minimumFractionDigits: 2 });
  return QUOTE_TABLE.replace('EUR 1.150,00 | EUR 4.600,00', `EUR ${fmt(unitLaptop)} | EUR ${fmt(unitLaptop * 4)}`)
    .replace('EUR 279,00 | EUR 1.116,00', `EUR ${fmt(unitMonitor)} | EUR ${fmt(unitMonitor * 4)}`)
    .replace('EUR 5.716,00', `EUR ${fmt(4 * (unitLaptop + unitMonitor))}`);
}
export const QUOTE_PROSE =
  'Hi Alice,\n\nThanks for your enquiry. We can offer the following:\n\n- 4 x Laptop Dell Latitude 5440 @ EUR 1,090.00 each\n- 4 x Monitor Dell P2723D @ EUR 265.00 each\n\n' +
  'Total: EUR 5,420.00. Delivery in 10 days from your order, prices valid until {validUntil}.\n\nRegards,\nContoso Computing';
export const QUOTE_DECLINE =
  'Hello Alice,\n\nthank you for thinking of us. Unfortunately we are unable to quote for laptops: we only sell monitors, ' +
  'and the Dell P2723D is out of stock until February.\n\nBest regards,\nFabrikam Displays';

/**
 * Fills `{neededBy}` (60 days ahead) and `{validUntil}` (90 days ahead) relative to `nowMs`: the
 * time-skipping server's clock moves by days per test (and by years when it idles), so the
 * emails' dates must follow it.
 */
export function dated(text: string, nowMs: number): string {
  const day = (n: number) => new Date(nowMs + n * 86_400_000).toISOString().slice(0, 10);
  return text.replaceAll('{neededBy}', day(60)).replaceAll('{validUntil}', day(90));
}

let counter = 0;
/** A fresh message id/thread id pair (each test uses its own threads). */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `<${prefix}.${Date.now().toString(36)}.${counter}@example.com>`;
}

export function email(threadId: string, overrides: Partial<EmailMessageInput> & Pick<EmailMessageInput, 'text'>): EmailMessageInput {
  const messageId = overrides.messageId ?? (overrides.inReplyTo ? uniqueId('reply') : threadId);
  return {
    messageId,
    threadId,
    from: REQUESTER,
    to: [PURCHASING],
    subject: 'Purchase request: laptops and monitors',
    receivedAt: new Date().toISOString(),
    references: messageId === threadId ? [] : [threadId],
    authentication: authenticatedAs((overrides.from ?? REQUESTER).address),
    ...overrides,
  };
}

/** The shop's support mailbox of the support tests, and its customers. */
export const SHOP_SUPPORT = { address: 'support@shop.test', name: 'Shop Support' };
export const EMMA = { address: 'emma.jones@mail.example', name: 'Emma Jones' };
export const PETER = { address: 'p.hall@mail.example', name: 'Peter Hall' };
/** The customer of the refund tests, and his order 10442 (EUR 549.00: above the refund limit). */
export const TOM = { address: 'tom.oneill@customer.example', name: "Tom O'Neill" };

/** Emma asks where her kettle (order A10482, in the seeded support desk) is. */
export const ORDER_QUESTION = {
  subject: 'Where is my order A10482?',
  text: 'Hi,\n\nI ordered a kettle last week (order A10482) and it has not arrived yet. Where is it?\n\nEmma',
};

export interface SupportEmail {
  from: EmailAddress;
  subject: string;
  text: string;
  /** The message this one answers: makes it a reply (`Re:` subject, In-Reply-To, References). */
  previous?: string;
  /** The DMARC pass of `from`'s domain, as ingress-verified mail carries it (default); `false`: none. */
  authenticated?: boolean;
  /** Default: the support address without a display name. */
  to?: EmailAddress[];
  receivedAt?: Date;
}

/** A customer's email to the shop's support on `threadId`: the thread's first, or a reply to `previous`. */
export function supportEmail(threadId: string, mail: SupportEmail): EmailMessageInput {
  const { from, subject, text, previous, authenticated = true, to = [{ address: SHOP_SUPPORT.address }], receivedAt = new Date() } = mail;
  return {
    messageId: previous ? uniqueId('customer') : threadId,
    threadId,
    from,
    to,
    subject: previous ? `Re: ${subject}` : subject,
    text,
    receivedAt: receivedAt.toISOString(),
    ...(authenticated ? { authentication: authenticatedAs(from.address) } : {}),
    ...(previous ? { inReplyTo: previous, references: [threadId, ...(previous === threadId ? [] : [previous])] } : {}),
  };
}

/** Tom asks for a refund of his standing desk, proven by DMARC: the support flow asks for approval. */
export function refundRequest(threadId: string, receivedAt: Date = new Date()): EmailMessageInput {
  const text = 'Hello,\n\nI want to return the standing desk from order 10442 and get a refund, it does not fit in my office.\n\nTom';
  return supportEmail(threadId, { from: TOM, subject: 'Return of my standing desk', text, receivedAt });
}

/** The reply of a supplier to the RFQ sent to them (routed to the RFQ child by thread id). */
export function supplierReply(rfq: { rfqMessageId: string; supplierEmail: string; supplierName: string }, text: string, n = 1): EmailMessageInput {
  return {
    messageId: `<quote-${n}.${rfq.rfqMessageId.slice(1, -1).replace(/@/g, '.')}@supplier.example>`,
    threadId: rfq.rfqMessageId,
    from: { address: rfq.supplierEmail, name: rfq.supplierName },
    to: [PURCHASING],
    subject: 'Re: Request for quotation: laptops, monitors',
    text,
    inReplyTo: rfq.rfqMessageId,
    references: [rfq.rfqMessageId],
    receivedAt: new Date().toISOString(),
    authentication: authenticatedAs(rfq.supplierEmail),
  };
}

export async function deliver(env: TestWorkflowEnvironment, taskQueue: string, message: EmailMessageInput): Promise<void> {
  await deliverEmail(env.client, message, { taskQueue });
}

/**
 * Polls the thread's state until `done` holds, and returns it (real time: a time-skipping server
 * does not skip while we poll). A thread not started yet, or between runs, is asked again.
 */
export async function threadStateWhen(
  env: TestWorkflowEnvironment,
  threadId: string,
  done: (state: ThreadState) => boolean,
  timeoutMs = 30_000,
  what = `thread ${threadId}`,
): Promise<ThreadState> {
  let last: ThreadState | undefined;
  const probe = async () => {
    last = await getThreadState(env.client, threadId);
    return done(last) && last;
  };
  return eventually(what, probe, timeoutMs, 200).catch((error: Error) => {
    throw new Error(`${error.message}; last state of ${threadId}: ${JSON.stringify(last).slice(0, 3000)}`);
  });
}

/** {@link threadStateWhen} for a predicate on the flow's state (typed `S`) and the thread's. */
export async function waitForState<S = Record<string, unknown>>(
  env: TestWorkflowEnvironment,
  threadId: string,
  predicate: (flowState: S, state: ThreadState) => boolean,
  timeoutMs = 30_000,
): Promise<{ flowState: S; state: ThreadState }> {
  const state = await threadStateWhen(env, threadId, (s) => predicate(s.flowState as S, s), timeoutMs);
  return { flowState: state.flowState as S, state };
}

export type Procurement = ProcurementFlowState;
export type Support = SupportFlowState;

/** The emails in `mails` addressed to `address`. */
export function sentTo(mails: string[], address: string): string[] {
  return mails.filter((m) => new RegExp(`^To: .*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(m));
}

/** Polls an outbox (`sent()`) until `count` emails to `address` were sent (the state may run ahead of the send). */
export async function mailTo(sent: () => string[], address: string, count = 1): Promise<string[]> {
  for (let i = 0; i < 150; i++) {
    const mails = sentTo(sent(), address);
    if (mails.length >= count) return mails;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fewer than ${count} emails to ${address}`);
}

/**
 * The offline `rules` provider, except that the tasks named in `broken` (e.g. `draft_support_answer`)
 * answer output that fails their schema, as a confused model does: the agent activity fails for
 * good (`AgentOutputInvalid`). Clearing `broken` is "the model was fixed".
 */
export class FixableProvider implements AgentProvider {
  readonly name = 'rules';
  readonly broken = new Set<string>();
  // The offline rules of the thread core and of every installed flow (the support draft's too).
  private readonly rules = new RulesProvider({ rules: flowAgentRules() });

  async complete<TInput, TOutput>(task: AgentTask<TInput, TOutput>, input: TInput, options?: AgentCallOptions): Promise<AgentResult<TOutput>> {
    if (!this.broken.has(task.name)) return this.rules.complete(task, input, options);
    const usage = { provider: 'rules', model: 'broken', inputTokens: 10, outputTokens: 5, latencyMs: 1, attempts: 2 };
    return { output: { approve: 'everything', confidence: 7 }, usage } as unknown as AgentResult<TOutput>;
  }
}
