import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { EMAIL_LIMITS, SUPPORT_INTENTS, emailAddressSchema } from '@org/orchestrator-contracts';
import type { SupportIntent } from '@org/orchestrator-contracts';
import type { AgentProvider } from '@org/orchestrator-agents';
import { runAgentTask, stripInjections } from '@org/orchestrator-agents';
import { AGENT_HEARTBEAT_MS, agentActivity, parseInput, requireDependency } from '@org/orchestrator-activities';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import { extractOrderNumbers, toOrderFact } from '../orders';
import type { Order, Ticket } from '../types';
import type { KnowledgeBaseReader } from './knowledge-base';
import type { SupportDesk } from './support-desk-store';
import { TicketNotFoundError } from './support-desk-store';
import { draftSupportAnswerTask } from './tasks/draft-support-answer';
import type { DraftSupportAnswerInput, DraftSupportAnswerOutput, KnowledgeArticle, SupportCustomerFact, SupportOrderFact } from './tasks/draft-support-answer';

/** Error type of an unknown ticket id (never retried). */
export const TICKET_NOT_FOUND = 'TicketNotFound';

/**
 * What the support activities work with: customers, orders, tickets and articles (SQLite answers
 * directly, PostgreSQL with promises) and the agent provider that drafts answers. Each is optional:
 * an activity missing one fails `ActivityNotConfigured`.
 */
export interface SupportDependencies {
  desk?: AsyncCompatible<SupportDesk>;
  knowledgeBase?: AsyncCompatible<KnowledgeBaseReader>;
  /** Drafts answers (a `RulesProvider` given `SUPPORT_RULES`, or a model). */
  agents?: AgentProvider;
  /** How often `draftSupportAnswer` heartbeats while its agent works (default `AGENT_HEARTBEAT_MS`). */
  heartbeatMs?: number;
}

/** How many recent orders and articles the drafting agent sees, and how much of each article. */
export const SUPPORT_FACT_LIMITS = { recentOrders: 3, articles: 3, articleChars: 1500 } as const;

/** An order fact as looked up: always with the total and currency a refund would be compared on. */
export type SupportOrderFactWithTotal = SupportOrderFact & { total: number; currency: string };

/** What `lookupSupportFacts` found about the customer writing, for drafting and for the policy. */
export interface SupportFacts {
  /** The customer writing from this address, or `null` for an unknown sender. */
  customer: SupportCustomerFact | null;
  /**
   * The order the email names, if it belongs to the sender; else the sender's newest order; else
   * `null`. Someone else's order number never yields a fact.
   */
  order: SupportOrderFactWithTotal | null;
  /** The sender's newest orders (at most 3), newest first. */
  recentOrders: SupportOrderFactWithTotal[];
  /** The best knowledge-base articles for the text (at most 3), bodies cut to about 1500 characters. */
  articles: KnowledgeArticle[];
  /** The thread's existing ticket, when it was handed to a human before. */
  previousTicket: { id: string; status: string } | null;
}

/** Input of `lookupSupportFacts`. */
export interface LookupSupportFactsInput {
  threadId: string;
  /**
   * The sender's authenticated address (`Name <addr>` accepted): the only key to customer data.
   * Absent for a sender the ingress could not authenticate: then only knowledge-base articles are
   * looked up (no customer, no orders, no ticket).
   */
  customer?: string;
  /** The customer's text (subject and new body): order numbers and search words come from it. */
  text: string;
  /** The classified intent, when known: sharpens the knowledge-base search. */
  intent?: SupportIntent;
}

/** Input of `openSupportTicket`. */
export interface OpenSupportTicketInput {
  threadId: string;
  customerEmail: string;
  subject: string;
  /** Why a human is needed (e.g. the auto-reply refusal reasons). */
  reason: string;
  priority: 'low' | 'normal' | 'high';
  /** The agent the ticket is assigned to. */
  assignee: string;
}

/** Input of `closeSupportTicket`. */
export interface CloseSupportTicketInput {
  ticketId: string;
  resolution?: string;
}

const address = emailAddressSchema.shape.address;

const lookupSchema = z.object({
  threadId: z.string().min(1),
  customer: z.string().trim().min(1).max(512).optional(),
  text: z.string().max(EMAIL_LIMITS.textLength + EMAIL_LIMITS.subjectLength + 2),
  intent: z.enum(SUPPORT_INTENTS).optional(),
});
const openTicketSchema = z.object({
  threadId: z.string().min(1),
  customerEmail: address,
  subject: z.string().max(EMAIL_LIMITS.subjectLength),
  reason: z.string().trim().min(1).max(4000),
  priority: z.enum(['low', 'normal', 'high']),
  assignee: address,
});
const closeTicketSchema = z.object({
  ticketId: z.string().trim().min(1).max(64),
  resolution: z.string().max(4000).optional(),
});

/** Cuts at a paragraph or sentence end near `max` characters, marking the cut. */
function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const cut = Math.max(head.lastIndexOf('\n\n'), head.lastIndexOf('. ') + 1);
  return `${(cut > max * 0.6 ? head.slice(0, cut) : head).trimEnd()} …`;
}

const orderFact = (order: Order): SupportOrderFactWithTotal => ({ ...toOrderFact(order) });

/** An unknown ticket id never appears by retrying; other errors (a busy database) are retried. */
function ticketFailure(error: unknown): unknown {
  if (error instanceof TicketNotFoundError) {
    return ApplicationFailure.create({ type: TICKET_NOT_FOUND, message: error.message, nonRetryable: true, details: [{ ticketId: error.ticketId }] });
  }
  return error;
}

/** The support desk and the knowledge base, or a non-retryable `ActivityNotConfigured` naming the support desk. */
function deskOf(activity: string, { desk, knowledgeBase }: SupportDependencies) {
  return requireDependency(activity, 'support desk', desk && knowledgeBase ? { desk, knowledgeBase } : undefined);
}

/**
 * The activities of the customer support flow: plain async functions for a Temporal worker (their
 * names are the activity types the support flow's proxies call). Each fails with a non-retryable
 * `ActivityNotConfigured` when the worker was started without what it needs.
 * @example
 * const activities = createSupportActivities({ desk: openSqliteSupportDesk('.data/support.sqlite'), knowledgeBase, agents: new RulesProvider({ rules: SUPPORT_RULES }) });
 */
export function createSupportActivities(support: SupportDependencies) {
  const { agents, heartbeatMs = AGENT_HEARTBEAT_MS } = support;
  return {
    /** A support answer from the customer's message and looked-up facts, with the articles used (an agent task: heartbeats while it runs). */
    draftSupportAnswer: agentActivity<DraftSupportAnswerInput, DraftSupportAnswerOutput>(
      'draftSupportAnswer',
      (input, options) => runAgentTask(requireDependency('draftSupportAnswer', 'agent provider', agents), draftSupportAnswerTask, input, options),
      heartbeatMs,
    ),

    /**
     * Looks up what the drafting agent may rely on: the sender as a customer, the order the email
     * names (only the sender's own: quoting another customer's number reveals nothing) or else the
     * sender's newest order, the recent orders, the best knowledge-base articles and the thread's
     * earlier ticket. Read-only, so retries are harmless.
     */
    async lookupSupportFacts(input: LookupSupportFactsInput): Promise<SupportFacts> {
      const { threadId, customer: sender, text, intent } = parseInput('lookupSupportFacts', lookupSchema, input);
      const { desk, knowledgeBase } = deskOf('lookupSupportFacts', support);

      const customer = sender === undefined ? null : await desk.findCustomerByEmail(sender);
      const orders = customer ? await desk.ordersForCustomer(customer.id) : [];
      let named: Order | undefined;
      if (customer && sender) {
        for (const number of extractOrderNumbers(text)) {
          named = (await desk.findOrderForCustomer(number, sender)) ?? undefined;
          if (named) break;
        }
      }
      const order = named ?? orders[0];

      const articles: KnowledgeArticle[] = [];
      // Instructions planted in an email must not steer which articles the answer relies on.
      const searchText = stripInjections(text);
      for (const hit of await knowledgeBase.search(searchText, { limit: SUPPORT_FACT_LIMITS.articles, ...(intent ? { intent } : {}) })) {
        const article = await knowledgeBase.article(hit.id);
        if (article) articles.push({ id: article.id, title: article.title, body: excerpt(article.body, SUPPORT_FACT_LIMITS.articleChars) });
      }
      const ticket = sender === undefined ? null : await desk.ticketForThread(threadId);

      return {
        customer: customer ? { id: customer.id, name: customer.name, email: customer.email, tier: customer.tier } : null,
        order: order ? orderFact(order) : null,
        recentOrders: orders.slice(0, SUPPORT_FACT_LIMITS.recentOrders).map(orderFact),
        articles,
        previousTicket: ticket ? { id: ticket.id, status: ticket.status } : null,
      };
    },

    /**
     * Opens the thread's ticket and assigns it. Every step is idempotent (one ticket per thread;
     * assigning to the current assignee changes nothing), so a retry returns the same ticket. A
     * thread whose ticket was closed (the customer wrote again) gets that ticket reopened.
     */
    async openSupportTicket(input: OpenSupportTicketInput): Promise<Ticket> {
      const { assignee, ...ticket } = parseInput('openSupportTicket', openTicketSchema, input);
      const { desk } = deskOf('openSupportTicket', support);
      try {
        const existing = await desk.createTicket(ticket);
        if (existing.status === 'closed') await desk.reopenTicket(existing.id);
        return await desk.assignTicket(existing.id, assignee);
      } catch (error) {
        throw ticketFailure(error);
      }
    },

    /** Closes a ticket with an optional resolution; closing a closed ticket returns it unchanged. */
    async closeSupportTicket(input: CloseSupportTicketInput): Promise<Ticket> {
      const { ticketId, resolution } = parseInput('closeSupportTicket', closeTicketSchema, input);
      const { desk } = deskOf('closeSupportTicket', support);
      try {
        return await desk.closeTicket(ticketId, resolution);
      } catch (error) {
        throw ticketFailure(error);
      }
    },
  };
}

/** The support flow's activity interface (`proxyActivities<SupportActivities>` in its workflow half). */
export type SupportActivities = ReturnType<typeof createSupportActivities>;
