import type { ApprovalPolicy, ApproverPolicy, AutoReplyPolicy, EmailAddress, FlowName, SlaPolicy } from '@org/orchestrator-contracts';
import { DEFAULT_APPROVER_POLICY, DEFAULT_SLA_POLICY, EnvVariableError, emailAddressSchema, parseEnvDuration } from '@org/orchestrator-contracts';
import { checkedApproverPolicy } from './approver-policy-env';
import type { RequesterAttributeMode } from './search-attribute-env';

/**
 * Policy and timing of the procurement flow. Plain JSON: the workflow records it in its history
 * (via the `loadFlowConfig` activity), so a running thread keeps the policy it started with.
 */
export interface ProcurementConfig {
  /** Who approves what: automatic approval limit, approvers, reminder and escalation delays. */
  approval: ApprovalPolicy;
  /**
   * Above the automatic limit: who must approve by amount (in `approval.currency`) and whether the
   * first decision decides or all must approve. Absent in configurations recorded before it: the
   * primary approver decides alone ({@link DEFAULT_APPROVER_POLICY}).
   */
  approvalPolicy?: ApproverPolicy;
  /** Remind a requester who has not supplied the missing information after this long. */
  informationReminderAfterMs: number;
  /** Give up on a request whose missing information never came after this long. */
  informationDeadlineMs: number;
  /** Remind a supplier who has not quoted after this long. */
  supplierReminderAfterMs: number;
  /** Deadline for quotes, counted from sending the requests for quotation. */
  quoteWindowMs: number;
  /** After a readable quote, how long the supplier may still correct it before it is compared. */
  correctionWindowMs: number;
  /** Most suppliers asked for a quote per request. */
  maxSuppliers: number;
  /** Most times the requester (or a supplier) is asked to clarify before a human takes over. */
  maxClarifications: number;
}

/** Policy and timing of the customer support flow (plain JSON, recorded like {@link ProcurementConfig}). */
export interface SupportConfig {
  /** When a drafted answer may go out without a human. */
  autoReply: AutoReplyPolicy;
  /** Human agents allowed to answer escalated threads; the first is the default assignee. */
  agents: string[];
  /** Gets what agents leave unanswered (SLA breaches). */
  supervisor: string;
  /** First-response targets per urgency. */
  sla: SlaPolicy;
  /** Close a thread whose customer has not written for this long after an answer. */
  closeAfterSilenceMs: number;
  /** Who approves refunds above the auto-reply limit; `secondary` when `primary` does not answer. */
  refundApprovers: { primary: string; secondary: string };
  /** Remind the refund approver after this long. */
  approvalRemindAfterMs: number;
  /** Escalate to the secondary refund approver after this long. */
  approvalEscalateAfterMs: number;
  /** Who must approve a refund by amount (in `autoReply.currency`), and the mode (absent: the primary decides alone). */
  refundApprovalPolicy?: ApproverPolicy;
  /** Summarise the thread (to keep carried state small) once it has this many turns. */
  summarizeAfterTurns: number;
}

/**
 * Outbound identity: the mailbox each flow's mail is sent from. Never taken from an inbound
 * header (whoever writes to us controls `To:`), and recorded with the rest of the configuration,
 * so a thread keeps its sender.
 */
export interface FlowMailboxes {
  /** RFQs, purchase orders, approval requests and replies to requesters (`PROCUREMENT_MAILBOX`). */
  procurement: EmailAddress;
  /** Answers to customers, agent and approval notices (`SUPPORT_MAILBOX`). */
  support: EmailAddress;
  /** Holding replies of threads no flow took, and escalation notices (`REPLY_FROM`). */
  orchestrator: EmailAddress;
}

/** Configuration of both business flows. */
export interface FlowConfig {
  procurement: ProcurementConfig;
  support: SupportConfig;
  /**
   * Whether workflows publish the `Orchestrator*` search attributes (contracts' `SEARCH_ATTRIBUTES`).
   * Off by default: upserting attributes the namespace has not registered fails every workflow
   * task of the thread. The repository's dev server registers them.
   */
  searchAttributes: boolean;
  /**
   * The agents answer in-process within milliseconds (the `rules` provider): workflows call them as
   * local activities. Unset for a remote LLM, whose calls stay activities with heartbeats. Set by
   * `createActivities` from its agents, not by configuration.
   */
  agentsInline?: boolean;
  /**
   * The task inbox's base URL (`INBOX_BASE_URL`), for links to a thread's page in the emails the
   * flows compose (a support agent's notice). Set by `createActivities` from its inbox settings;
   * absent without an inbox, and in configurations recorded before it (no link).
   */
  inboxUrl?: string;
  /**
   * How `OrchestratorRequester` shows the requester (`FLOW_REQUESTER_ATTRIBUTE`): `plain` (the
   * address), `hashed` (HMAC-SHA256 under a key derived from the id secret: see
   * `requesterAttributeValue`), `off` (not published). Absent in configurations recorded before it: plain.
   */
  requesterAttribute?: RequesterAttributeMode;
  /** The `hashed` mode's key (hex), added by `loadFlowConfig`; recorded in the history, encrypted with it. */
  requesterAttributeKey?: string;

  // --- Outbound identity ---------------------------------------------------------------------
  /** Who the mail of each flow comes from (see {@link FlowMailboxes}). */
  mailboxes: FlowMailboxes;

  /** Whose mail is trusted, and how much automatic mail goes out (see {@link TrustConfig}). */
  trust: TrustConfig;
}

/** The sender of a flow's mail: the flow's mailbox, and the orchestrator's for threads no flow took. */
export function mailboxFor(mailboxes: FlowMailboxes, flow: FlowName | undefined): EmailAddress {
  return flow === 'procurement' || flow === 'support' ? mailboxes[flow] : mailboxes.orchestrator;
}

// ---- Trust boundary: sender policy and automatic-reply limits ---------------------------------

/**
 * Who may start what, and how many automatic replies may go out. Plain JSON recorded like the rest
 * of {@link FlowConfig}. Addresses and domains are lowercased; a domain matches exactly (a
 * subdomain is another domain). With nothing configured no outside requester is trusted.
 */
export interface TrustConfig {
  /** Requesters whose authenticated purchase requests start requests for quotation. */
  procurementRequesters: { addresses: string[]; domains: string[] };
  /** Automatic replies (RFC 3834 loop and flood protection). */
  autoReplies: {
    /** Most automatic replies one thread sends per window; beyond it the thread is held for a human. */
    perThread: number;
    /** Most automatic replies one sender gets per window across all threads. */
    perSender: number;
    windowMs: number;
  };
}

/** Nothing trusted; a few automatic replies per day. */
export const DEFAULT_TRUST_CONFIG: TrustConfig = {
  procurementRequesters: { addresses: [], domains: [] },
  autoReplies: { perThread: 5, perSender: 10, windowMs: 24 * 60 * 60_000 },
};

/** Partial overrides of {@link TrustConfig} (lists are replaced). */
export interface TrustConfigOverrides {
  procurementRequesters?: Partial<TrustConfig['procurementRequesters']>;
  autoReplies?: Partial<TrustConfig['autoReplies']>;
}

function trustConfig(overrides: TrustConfigOverrides = {}): TrustConfig {
  const d = DEFAULT_TRUST_CONFIG;
  const lower = (list: string[]) => list.map((a) => a.trim().toLowerCase());
  return {
    procurementRequesters: {
      addresses: lower(overrides.procurementRequesters?.addresses ?? d.procurementRequesters.addresses),
      domains: lower(overrides.procurementRequesters?.domains ?? d.procurementRequesters.domains),
    },
    autoReplies: { ...d.autoReplies, ...overrides.autoReplies },
  };
}

// ---- end of the trust boundary block ------------------------------------------------------------

/** Partial overrides for {@link flowConfig}; nested policy objects may be partial too. */
export interface FlowConfigOverrides {
  searchAttributes?: boolean;
  requesterAttribute?: RequesterAttributeMode;
  trust?: TrustConfigOverrides;
  procurement?: Partial<Omit<ProcurementConfig, 'approval'>> & {
    approval?: Partial<Omit<ApprovalPolicy, 'approvers'>> & { approvers?: Partial<ApprovalPolicy['approvers']> };
  };
  support?: Partial<Omit<SupportConfig, 'autoReply' | 'sla' | 'refundApprovers'>> & {
    autoReply?: Partial<AutoReplyPolicy>;
    sla?: { firstResponseMinutes?: Partial<SlaPolicy['firstResponseMinutes']> };
    refundApprovers?: Partial<SupportConfig['refundApprovers']>;
  };
  mailboxes?: Partial<FlowMailboxes>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FINANCE_DIRECTOR = 'finance-director@orchestrator.local';

/** The configuration used when nothing is configured: sensible for a demo, safe for a start. */
export const DEFAULT_FLOW_CONFIG: FlowConfig = {
  procurement: {
    approval: {
      autoApproveBelow: 1000,
      currency: 'EUR',
      approvers: { primary: 'approver@orchestrator.local', secondary: FINANCE_DIRECTOR },
      remindAfterHours: 24,
      escalateAfterHours: 48,
    },
    approvalPolicy: DEFAULT_APPROVER_POLICY,
    informationReminderAfterMs: DAY,
    informationDeadlineMs: 3 * DAY,
    supplierReminderAfterMs: 2 * DAY,
    quoteWindowMs: 5 * DAY,
    correctionWindowMs: HOUR,
    maxSuppliers: 3,
    maxClarifications: 2,
  },
  support: {
    autoReply: { minConfidence: 0.5, refundLimit: 100, currency: 'EUR' },
    agents: ['agent@orchestrator.local'],
    supervisor: 'supervisor@orchestrator.local',
    sla: DEFAULT_SLA_POLICY,
    closeAfterSilenceMs: 3 * DAY,
    refundApprovers: { primary: 'supervisor@orchestrator.local', secondary: FINANCE_DIRECTOR },
    approvalRemindAfterMs: DAY,
    approvalEscalateAfterMs: 2 * DAY,
    refundApprovalPolicy: DEFAULT_APPROVER_POLICY,
    summarizeAfterTurns: 6,
  },
  searchAttributes: true,
  requesterAttribute: 'plain',
  mailboxes: {
    procurement: { address: 'purchasing@orchestrator.local', name: 'Purchasing' },
    support: { address: 'support@orchestrator.local', name: 'Customer Support' },
    orchestrator: { address: 'orchestrator@orchestrator.local', name: 'Agent Orchestrator' },
  },
  trust: DEFAULT_TRUST_CONFIG,
};

/**
 * The default configuration with `overrides` deep-merged onto it (arrays are replaced, not merged).
 * Returns fresh objects: mutating the result never changes {@link DEFAULT_FLOW_CONFIG}. When only
 * `support.supervisor` is overridden, it is also the primary refund approver (as by default).
 * @example
 * const flows = flowConfig({ procurement: { approval: { autoApproveBelow: 500 } }, support: { agents: ['ana@shop.example'] } });
 */
export function flowConfig(overrides: FlowConfigOverrides = {}): FlowConfig {
  const p = overrides.procurement ?? {};
  const s = overrides.support ?? {};
  const dp = DEFAULT_FLOW_CONFIG.procurement;
  const ds = DEFAULT_FLOW_CONFIG.support;
  const supervisor = s.supervisor ?? ds.supervisor;
  const legalTerms = s.autoReply?.legalTerms ?? ds.autoReply.legalTerms;
  return {
    procurement: {
      ...dp,
      ...p,
      approval: {
        ...dp.approval,
        ...p.approval,
        approvers: { ...dp.approval.approvers, ...p.approval?.approvers },
      },
      approvalPolicy: checkedApproverPolicy(p.approvalPolicy ?? DEFAULT_APPROVER_POLICY, 'procurement.approvalPolicy'),
    },
    support: {
      ...ds,
      ...s,
      autoReply: { ...ds.autoReply, ...s.autoReply, ...(legalTerms ? { legalTerms: [...legalTerms] } : {}) },
      agents: [...(s.agents ?? ds.agents)],
      supervisor,
      sla: { firstResponseMinutes: { ...ds.sla.firstResponseMinutes, ...s.sla?.firstResponseMinutes } },
      refundApprovers: { primary: supervisor, secondary: ds.refundApprovers.secondary, ...s.refundApprovers },
      refundApprovalPolicy: checkedApproverPolicy(s.refundApprovalPolicy ?? DEFAULT_APPROVER_POLICY, 'support.refundApprovalPolicy'),
    },
    searchAttributes: overrides.searchAttributes ?? DEFAULT_FLOW_CONFIG.searchAttributes,
    requesterAttribute: overrides.requesterAttribute ?? DEFAULT_FLOW_CONFIG.requesterAttribute ?? 'plain',
    mailboxes: copyMailboxes({ ...DEFAULT_FLOW_CONFIG.mailboxes, ...overrides.mailboxes }),
    trust: trustConfig(overrides.trust),
  };
}

function copyMailboxes(mailboxes: FlowMailboxes): FlowMailboxes {
  const copy = (a: EmailAddress): EmailAddress => ({ ...a });
  return { procurement: copy(mailboxes.procurement), support: copy(mailboxes.support), orchestrator: copy(mailboxes.orchestrator) };
}

/** A flow setting in the environment is invalid; `variable` names it: the one configuration error, `EnvVariableError`. */
export const FlowConfigError = EnvVariableError;
export type FlowConfigError = EnvVariableError;

/**
 * `500ms`, `90s`, `15m`, `1.5h`, `5d` → milliseconds; `null` for anything else (no bare numbers,
 * no spaces, no sums like `1h30m`, nothing negative or zero), so a typo never becomes a timer.
 */
export function parseDuration(text: string): number | null {
  // The rule every package shares (`@org/orchestrator-contracts`), kept under its old name here.
  return text === text.trim() ? parseEnvDuration(text) : null;
}

/** `Name <address>`, `"Name" <address>` or `address`. */
export function parseMailbox(raw: string): EmailAddress | undefined {
  const match = /^(?:"?([^"<]*?)"?\s*<([^>]+)>|([^<>\s]+))$/.exec(raw.trim());
  if (!match) return undefined;
  const name = match[1]?.trim();
  const parsed = emailAddressSchema.safeParse({ address: match[2] ?? match[3], ...(name ? { name } : {}) });
  return parsed.success ? parsed.data : undefined;
}
