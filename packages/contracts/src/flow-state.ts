import type { ApprovalDecision, ApprovalSubject, DecisionChannel } from './decisions';

/**
 * The `flowState` of a thread, per flow, as the `threadState` query returns it. Plain JSON owned by
 * the workflow; these types let clients read it without depending on the workflow package.
 */

/** A pending or decided approval (shared by the procurement and support flows). */
export interface ApprovalState {
  subject: ApprovalSubject;
  /** `withdrawn`: the thread was asked to complete before anyone decided. */
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  amount: number;
  currency: string;
  /** Why a person must decide, fit to show them. */
  reason: string;
  /** Who may decide now: the primary approver, and the second one after escalation. */
  approvers: string[];
  escalateTo: string;
  /** Who asked for what is approved (the requester, the customer): never their own approver. */
  requestedBy?: string;
  requestedAt: string;
  remindAt: string;
  escalateAt: string;
  reminded: boolean;
  escalated: boolean;
  decision?: ApprovalDecision;
}

/** Who or what a flow is waiting for, shown by the state query. */
export interface Awaiting {
  /** Addresses of the people awaited (requester, suppliers, approver, agent, customer). */
  who: string[];
  what: string;
  since: string;
  /** When the flow acts if nobody answers (reminder, escalation, deadline, closing). */
  until?: string;
}

export type ProcurementStep =
  | 'extracting'
  | 'awaiting-information'
  | 'requesting-quotes'
  | 'comparing'
  | 'awaiting-approval'
  | 'ordering'
  | 'completed'
  /** Held for a human (see `heldFor`); the thread is escalated and nothing more is automatic. */
  | 'needs-human';

/** Why a procurement was held for a human instead of going on. */
export type ProcurementHold = 'unauthenticated' | 'requester-not-allowed' | 'clarification-limit';

export type ProcurementOutcome = 'ordered' | 'rejected' | 'no-quotes' | 'no-eligible-quote' | 'no-suppliers' | 'information-missing' | 'cancelled';

/** A requested item (as extracted from the request). */
export interface RequestedItem {
  name: string;
  quantity: number | null;
  /** e.g. `pcs`, `box`, `licence`; null when only a count was given. */
  unit: string | null;
  specification: string | null;
}

/** A supplier's quote as read by the quote agent. */
export interface ReceivedQuote {
  supplierId: string;
  status: 'quoted' | 'declined';
  lines: { item: string; quantity: number | null; unit: string | null; unitPrice: number | null }[];
  total: number | null;
  currency: string | null;
  leadTimeDays: number | null;
  validUntil: string | null;
  conditions: string[];
  declineReason?: string | null;
}

/** One request for quotation (one child workflow). */
export interface RfqState {
  supplierId: string;
  supplierName: string;
  supplierEmail: string;
  /** The child workflow (`email-thread:<rfqMessageId>`): supplier replies are routed to it. */
  workflowId: string;
  /** Message-ID of the RFQ email; the supplier's replies belong to this thread. */
  rfqMessageId: string;
  status: 'requested' | 'quoted' | 'declined' | 'no-response' | 'unreadable' | 'cancelled';
  quote?: ReceivedQuote;
  replies?: number;
  reminded?: boolean;
  clarifications?: number;
}

/** The `flowState` of an RFQ child workflow (its own `threadState` query, thread id = the RFQ's Message-ID). */
export interface RfqThreadState {
  supplierId: string;
  parentThreadId: string;
  status: RfqState['status'];
  quote?: ReceivedQuote;
  replies: number;
  reminded: boolean;
  clarifications: number;
  /** The quote deadline (ISO). */
  deadline: string;
  /** After a readable quote: until when a correction may still replace it (ISO). */
  settleAt?: string;
}

export interface ProcurementFlowState {
  step: ProcurementStep;
  /** The requester's address (lowercased and authenticated, for threads started under the sender policy). */
  requester: string;
  /** Set with step `needs-human`. */
  heldFor?: ProcurementHold;
  /** The thread started under the sender policy: only the authenticated requester's mail counts. */
  senderPolicy?: boolean;
  request?: {
    items: RequestedItem[];
    budget: number | null;
    currency: string | null;
    neededBy: string | null;
    deliveryLocation: string | null;
    requester: string | null;
    missing: string[];
  };
  awaiting?: Awaiting;
  /** While the requester is asked for missing details: how often, and until when (ISO); a later run goes on from it. */
  information?: { asked: number; questions: number; reminded: boolean; since: string; remindAt: string; deadline: string };
  /** When suppliers must have quoted (ISO). */
  quoteDeadline?: string;
  rfqs: Record<string, RfqState>;
  comparison?: {
    best?: string;
    currency?: string;
    ranking: { supplierId: string; total: number; currency: string | null; eligible: boolean; reasons: string[]; notes: string[] }[];
    rejected: { supplierId: string; reason: string }[];
  };
  approval?: ApprovalState;
  purchaseOrder?: { number: string; supplierId: string; total: number; currency: string; document: string };
  outcome?: ProcurementOutcome;
}

export type SupportStep =
  | 'answering'
  | 'awaiting-approval'
  | 'awaiting-agent'
  | 'awaiting-customer'
  | 'closed'
  /** A step failed for good (`ThreadState.escalation.failedStep`): a retry or an agent's reply continues. */
  | 'needs-human';

/** One customer message and how it was answered. */
export interface SupportTurn {
  messageId: string;
  at: string;
  intent: string;
  /** The customer's words, shortened (older turns are folded into `summary`). */
  excerpt: string;
  answeredBy?: 'auto' | 'agent';
  agent?: string;
  replyMessageId?: string;
  /** Why the draft was not sent automatically, if it was not. */
  refusals?: string[];
  answerExcerpt?: string;
}

export interface SupportFlowState {
  step: SupportStep;
  /** The customer's address: only their messages continue the conversation. */
  customer: string;
  intent: string;
  urgency: string;
  sentiment: string;
  turns: SupportTurn[];
  /** A summary of turns folded out of `turns` when the conversation grew long. */
  summary?: string;
  ticket?: { id: string; assignee: string; reason: string; createdAt: string };
  /** First-response deadline while a human must answer. */
  sla?: { deadline: string; breached: boolean; escalatedTo?: string };
  approval?: ApprovalState;
  /** While a human must answer: who may, and (once given) the answer, sent with `replyMessageId`. */
  agentReply?: {
    status: 'awaiting' | 'received';
    agents: string[];
    since: string;
    /** The customer message being answered. */
    forMessageId: string;
    agent?: string;
    reply?: string;
    /** How the reply was given (inbox, cli), when the client said so. */
    via?: DecisionChannel;
    acceptedAt?: string;
    replyMessageId?: string;
    /** The drafted answer the agent was shown (shortened), kept so a resumed wait can show it again. */
    draft?: string;
    /**
     * Opened because a step failed for good while answering `forMessageId`: the reply answers it in
     * place of the failed automatic handling, and sending it resolves the thread's escalation.
     */
    forFailedStep?: boolean;
  };
  /** While a refund awaits approval: what the answer will say, kept so a resumed wait can finish the handling. */
  refundRequest?: { amount: string; reasons: string[]; draft: string; orderId?: string };
  awaiting?: Awaiting;
  /** When the thread closes if the customer stays silent (ISO). */
  closeAt?: string;
  /** Messages from other addresses on this thread (recorded, never answered as the customer). */
  ignoredSenders?: string[];
  /** When this thread answered automatically (ISO, within the auto-reply window): the per-thread limit. */
  autoReplies?: string[];
  /** Set when this run reopened a thread that had been closed. */
  reopenedTicket?: string;
}
