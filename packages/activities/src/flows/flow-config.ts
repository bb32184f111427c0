import type { ApproverPolicy, EmailAddress, FlowName } from '@org/orchestrator-contracts';
import {
  DEFAULT_APPROVER_POLICY,
  EnvVariableError,
  emailAddressSchema,
  envSchemas,
  parseEnvDuration,
  readEnv,
  readEnvVariable,
} from '@org/orchestrator-contracts';
import type { ApprovalPolicy } from '@org/orchestrator-procurement';
import type { AutoReplyPolicy, SlaPolicy } from '@org/orchestrator-support-desk';
import { DEFAULT_SLA_POLICY } from '@org/orchestrator-support-desk';
import { approverPoliciesFromEnv, checkedApproverPolicy } from './approver-policy-env';
import type { RequesterAttributeMode } from './search-attribute-env';
import { SEARCH_ATTRIBUTE_ENV } from './search-attribute-env';

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

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function domains(env: NodeJS.ProcessEnv, variable: string): string[] | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  const list = raw.split(',').map((d) => d.trim().toLowerCase());
  const bad = list.filter((d) => !DOMAIN.test(d));
  if (bad.length > 0)
    throw new FlowConfigError(
      variable,
      `must be domain names separated by commas (no @, no wildcards), got ${show(raw)} (invalid: ${bad.map(show).join(', ')})`,
    );
  return list;
}

/**
 * `PROCUREMENT_REQUESTERS` (addresses), `PROCUREMENT_REQUESTER_DOMAINS` (domains, exact match),
 * `AUTO_REPLY_LIMIT_PER_THREAD`, `AUTO_REPLY_LIMIT_PER_SENDER` (integers >= 0), `AUTO_REPLY_WINDOW` (duration).
 */
function trustConfigFromEnv(env: NodeJS.ProcessEnv): TrustConfig {
  return trustConfig({
    procurementRequesters: defined({ addresses: addresses(env, 'PROCUREMENT_REQUESTERS'), domains: domains(env, 'PROCUREMENT_REQUESTER_DOMAINS') }),
    autoReplies: defined({
      perThread: number(env, 'AUTO_REPLY_LIMIT_PER_THREAD', { min: 0, integer: true }),
      perSender: number(env, 'AUTO_REPLY_LIMIT_PER_SENDER', { min: 0, integer: true }),
      windowMs: duration(env, 'AUTO_REPLY_WINDOW'),
    }),
  });
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

/** Reads one variable; `undefined` when unset or blank. */
function read(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const raw = env[variable]?.trim();
  return raw ? raw : undefined;
}

const show = (raw: string) => JSON.stringify(raw);

function duration(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  return readEnv(env, variable, envSchemas.duration, FlowConfigError);
}

function number(env: NodeJS.ProcessEnv, variable: string, { min, max, integer = false }: { min: number; max?: number; integer?: boolean }): number | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  // Number('') and Number('0x10') are numbers; only plain decimals are meant here.
  const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
  const kind = integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || value < min || (max !== undefined && value > max) || (integer && !Number.isInteger(value))) {
    throw new FlowConfigError(variable, `must be ${kind} ${range}, got ${show(raw)}`);
  }
  return value;
}

function currency(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z]{3}$/.test(raw)) throw new FlowConfigError(variable, `must be an ISO 4217 currency code like EUR, got ${show(raw)}`);
  return raw.toUpperCase();
}

const addressSchema = emailAddressSchema.shape.address;

function addresses(env: NodeJS.ProcessEnv, variable: string): string[] | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  const list = raw.split(',').map((a) => a.trim());
  const bad = list.filter((a) => !addressSchema.safeParse(a).success);
  if (bad.length > 0 || list.length === 0) {
    throw new FlowConfigError(variable, `must be email addresses separated by commas, got ${show(raw)} (invalid: ${bad.map(show).join(', ')})`);
  }
  return list;
}

function address(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  if (!addressSchema.safeParse(raw).success) throw new FlowConfigError(variable, `must be an email address, got ${show(raw)}`);
  return raw;
}

/** `Name <address>`, `"Name" <address>` or `address`. */
export function parseMailbox(raw: string): EmailAddress | undefined {
  const match = /^(?:"?([^"<]*?)"?\s*<([^>]+)>|([^<>\s]+))$/.exec(raw.trim());
  if (!match) return undefined;
  const name = match[1]?.trim();
  const parsed = emailAddressSchema.safeParse({ address: match[2] ?? match[3], ...(name ? { name } : {}) });
  return parsed.success ? parsed.data : undefined;
}

function mailbox(env: NodeJS.ProcessEnv, variable: string): EmailAddress | undefined {
  const raw = read(env, variable);
  if (raw === undefined) return undefined;
  const parsed = parseMailbox(raw);
  if (!parsed) throw new FlowConfigError(variable, `must be an email address like "Purchasing <purchasing@example.com>", got ${show(raw)}`);
  return parsed;
}

const hours = (ms: number | undefined) => (ms === undefined ? undefined : ms / HOUR);

/** Drops `undefined` values, so unset variables leave the defaults in place when spread. */
function defined<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A reminder that comes after the escalation would never be sent: reject the pair. */
function remindBeforeEscalating(reminder: number, escalation: number, reminderVariable: string, escalationVariable: string): void {
  if (escalation <= reminder) {
    throw new FlowConfigError(escalationVariable, `must be longer than ${reminderVariable} (the reminder comes first), got ${escalation} ms <= ${reminder} ms`);
  }
}

/**
 * The flow configuration from the environment, every variable optional (defaults:
 * {@link DEFAULT_FLOW_CONFIG}). Durations are `500ms`, `90s`, `15m`, `24h`, `5d` (decimals allowed).
 *
 * Procurement: `PROCUREMENT_AUTO_APPROVE_BELOW` (amount), `PROCUREMENT_CURRENCY`,
 * `PROCUREMENT_APPROVER`, `PROCUREMENT_SECOND_APPROVER`, `PROCUREMENT_APPROVAL_REMINDER`,
 * `PROCUREMENT_APPROVAL_ESCALATION`, `PROCUREMENT_INFO_REMINDER`, `PROCUREMENT_INFO_DEADLINE`,
 * `PROCUREMENT_SUPPLIER_REMINDER`, `PROCUREMENT_QUOTE_WINDOW`, `PROCUREMENT_CORRECTION_WINDOW`,
 * `PROCUREMENT_MAX_SUPPLIERS`, `PROCUREMENT_MAX_CLARIFICATIONS` (questions to the requester, and to each supplier).
 *
 * Trust: `PROCUREMENT_REQUESTERS`, `PROCUREMENT_REQUESTER_DOMAINS`, `AUTO_REPLY_LIMIT_PER_THREAD`,
 * `AUTO_REPLY_LIMIT_PER_SENDER`, `AUTO_REPLY_WINDOW` (see {@link TrustConfig}).
 *
 * Support: `SUPPORT_AGENTS` (comma-separated addresses; the first is the default assignee),
 * `SUPPORT_SUPERVISOR` (also the primary refund approver), `SUPPORT_REFUND_LIMIT`,
 * `SUPPORT_CURRENCY`, `SUPPORT_MIN_CONFIDENCE` (0..1), `SUPPORT_CLOSE_AFTER`,
 * `SUPPORT_APPROVAL_REMINDER`, `SUPPORT_APPROVAL_ESCALATION`.
 *
 * Approval policies: `PROCUREMENT_APPROVAL_MODE`, `PROCUREMENT_APPROVAL_TIERS`,
 * `SUPPORT_REFUND_APPROVAL_MODE`, `SUPPORT_REFUND_APPROVAL_TIERS` (see `APPROVER_POLICY_ENV`).
 *
 * Senders (`Name <address>` or `address`): `PROCUREMENT_MAILBOX`, `SUPPORT_MAILBOX`, each falling
 * back to `REPLY_FROM`, then to `Purchasing <purchasing@orchestrator.local>` and
 * `Customer Support <support@orchestrator.local>`; `REPLY_FROM` (default
 * `Agent Orchestrator <orchestrator@orchestrator.local>`) also sends holding replies and escalation notices.
 *
 * `FLOW_SEARCH_ATTRIBUTES` (`true`/`false`, default `true`): publish the search attributes; `false` for a
 * namespace that does not have them registered (an upsert of an unknown attribute fails the workflow task).
 * `FLOW_REQUESTER_ATTRIBUTE` (`plain`, `hashed`, `off`; default `plain`): the requester's address alone.
 *
 * Read once at worker start, so a bad value stops the worker instead of a running thread.
 * @throws {FlowConfigError} naming the first invalid variable and its value.
 * @example
 * const activities = createActivities({ store, outbound, flows: flowConfigFromEnv() });
 */
export function flowConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FlowConfig {
  const defaults = DEFAULT_FLOW_CONFIG;
  const procurementReminder = duration(env, 'PROCUREMENT_APPROVAL_REMINDER');
  const procurementEscalation = duration(env, 'PROCUREMENT_APPROVAL_ESCALATION');
  remindBeforeEscalating(
    procurementReminder ?? (defaults.procurement.approval.remindAfterHours ?? 0) * HOUR,
    procurementEscalation ?? (defaults.procurement.approval.escalateAfterHours ?? 0) * HOUR,
    'PROCUREMENT_APPROVAL_REMINDER',
    'PROCUREMENT_APPROVAL_ESCALATION',
  );
  const supportReminder = duration(env, 'SUPPORT_APPROVAL_REMINDER');
  const supportEscalation = duration(env, 'SUPPORT_APPROVAL_ESCALATION');
  remindBeforeEscalating(
    supportReminder ?? defaults.support.approvalRemindAfterMs,
    supportEscalation ?? defaults.support.approvalEscalateAfterMs,
    'SUPPORT_APPROVAL_REMINDER',
    'SUPPORT_APPROVAL_ESCALATION',
  );

  const replyFrom = mailbox(env, 'REPLY_FROM');
  const trust = trustConfigFromEnv(env);
  const policies = approverPoliciesFromEnv(env);
  return flowConfig({
    ...defined({
      searchAttributes: readEnvVariable(env, SEARCH_ATTRIBUTE_ENV.searchAttributes, FlowConfigError),
      requesterAttribute: readEnvVariable(env, SEARCH_ATTRIBUTE_ENV.requesterAttribute, FlowConfigError),
    }),
    trust,
    mailboxes: defined({
      procurement: mailbox(env, 'PROCUREMENT_MAILBOX') ?? replyFrom,
      support: mailbox(env, 'SUPPORT_MAILBOX') ?? replyFrom,
      orchestrator: replyFrom,
    }),
    procurement: {
      approval: {
        ...defined({
          autoApproveBelow: number(env, 'PROCUREMENT_AUTO_APPROVE_BELOW', { min: 0 }),
          currency: currency(env, 'PROCUREMENT_CURRENCY'),
          remindAfterHours: hours(procurementReminder),
          escalateAfterHours: hours(procurementEscalation),
        }),
        approvers: defined({ primary: address(env, 'PROCUREMENT_APPROVER'), secondary: address(env, 'PROCUREMENT_SECOND_APPROVER') }),
      },
      approvalPolicy: policies.procurement,
      ...defined({
        informationReminderAfterMs: duration(env, 'PROCUREMENT_INFO_REMINDER'),
        informationDeadlineMs: duration(env, 'PROCUREMENT_INFO_DEADLINE'),
        supplierReminderAfterMs: duration(env, 'PROCUREMENT_SUPPLIER_REMINDER'),
        quoteWindowMs: duration(env, 'PROCUREMENT_QUOTE_WINDOW'),
        correctionWindowMs: duration(env, 'PROCUREMENT_CORRECTION_WINDOW'),
        maxSuppliers: number(env, 'PROCUREMENT_MAX_SUPPLIERS', { min: 1, integer: true }),
        maxClarifications: number(env, 'PROCUREMENT_MAX_CLARIFICATIONS', { min: 0, integer: true }),
      }),
    },
    support: {
      autoReply: defined({
        refundLimit: number(env, 'SUPPORT_REFUND_LIMIT', { min: 0 }),
        currency: currency(env, 'SUPPORT_CURRENCY'),
        minConfidence: number(env, 'SUPPORT_MIN_CONFIDENCE', { min: 0, max: 1 }),
      }),
      ...defined({
        agents: addresses(env, 'SUPPORT_AGENTS'),
        supervisor: address(env, 'SUPPORT_SUPERVISOR'),
        closeAfterSilenceMs: duration(env, 'SUPPORT_CLOSE_AFTER'),
        approvalRemindAfterMs: supportReminder,
        approvalEscalateAfterMs: supportEscalation,
      }),
      refundApprovalPolicy: policies.support,
    },
  });
}
