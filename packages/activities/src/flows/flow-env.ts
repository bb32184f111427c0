import { z } from 'zod';
import type { EmailAddress, EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { defineEnvVariable, emailAddressSchema, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import { approverPoliciesFromEnv } from './approver-policy-env';
import type { FlowConfig, TrustConfigOverrides } from './flow-config';
import { DEFAULT_FLOW_CONFIG, DEFAULT_TRUST_CONFIG, FlowConfigError, flowConfig, parseMailbox } from './flow-config';
import { SEARCH_ATTRIBUTE_ENV } from './search-attribute-env';

/**
 * The flows' policy, senders and trust settings, declared once: read by {@link flowConfigFromEnv} at
 * worker start (and by the inbox, for its people), tabled in the worker README.
 */

const addressSchema = emailAddressSchema.shape.address;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const show = (raw: string) => JSON.stringify(raw);

/** `Name <address>`, `"Name" <address>` or `address`; `example` shows the form in the error. */
export function envMailboxSchema(example: string): z.ZodType<EmailAddress, string> {
  return z
    .string()
    .transform((raw, ctx) => {
      const parsed = parseMailbox(raw);
      if (!parsed) ctx.addIssue({ code: 'custom', message: `must be an email address like ${show(example)}` });
      return parsed ?? z.NEVER;
    })
    .describe('`Name <address>` or `address`');
}

const address = z
  .string()
  .refine((raw) => addressSchema.safeParse(raw).success, { message: 'must be an email address' })
  .describe('an email address');

const addresses = z
  .string()
  .transform((raw, ctx) => {
    const list = raw.split(',').map((a) => a.trim());
    const bad = list.filter((a) => !addressSchema.safeParse(a).success);
    if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `must be email addresses separated by commas (invalid: ${bad.map(show).join(', ')})` });
    return bad.length > 0 ? z.NEVER : list;
  })
  .describe('email addresses, comma-separated');

const domains = z
  .string()
  .transform((raw, ctx) => {
    const list = raw.split(',').map((d) => d.trim().toLowerCase());
    const bad = list.filter((d) => !DOMAIN.test(d));
    if (bad.length > 0)
      ctx.addIssue({ code: 'custom', message: `must be domain names separated by commas (no @, no wildcards) (invalid: ${bad.map(show).join(', ')})` });
    return bad.length > 0 ? z.NEVER : list;
  })
  .describe('domain names, comma-separated (exact match)');

const currency = z
  .string()
  .transform((raw, ctx) => {
    if (!/^[A-Za-z]{3}$/.test(raw)) ctx.addIssue({ code: 'custom', message: 'must be an ISO 4217 currency code like EUR' });
    return raw.toUpperCase();
  })
  .describe('an ISO 4217 code, e.g. `EUR`');

const d = DEFAULT_FLOW_CONFIG;
const code = (value: unknown) => `\`${String(value)}\``;
const HOUR = 3_600_000;
const UNITS: [string, number][] = [
  ['d', 24 * HOUR],
  ['h', HOUR],
  ['m', 60_000],
  ['s', 1_000],
];
/** A default in milliseconds as the variable would spell it (`1d`, `48h`, `90s`). */
const spelled = (ms: number) => {
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
};
const mailboxText = (m: EmailAddress) => `${m.name} <${m.address}>`;

const duration = (name: string, fallbackMs: number, meaning: string) =>
  defineEnvVariable({ name, schema: envSchemas.duration, default: code(spelled(fallbackMs)), meaning });

/** The flows' variables (the approval policies' are `APPROVER_POLICY_ENV`, the search attributes' `SEARCH_ATTRIBUTE_ENV`). */
export const FLOW_ENV = {
  procurementMailbox: defineEnvVariable({
    name: 'PROCUREMENT_MAILBOX',
    schema: envMailboxSchema('Purchasing <purchasing@example.com>'),
    default: `\`REPLY_FROM\`, else \`${mailboxText(d.mailboxes.procurement)}\``,
    meaning: 'Sender of RFQs, purchase orders, approval requests and replies to requesters',
  }),
  supportMailbox: defineEnvVariable({
    name: 'SUPPORT_MAILBOX',
    schema: envMailboxSchema('Customer Support <support@example.com>'),
    default: `\`REPLY_FROM\`, else \`${mailboxText(d.mailboxes.support)}\``,
    meaning: 'Sender of answers to customers, agent and refund-approval notices',
  }),
  replyFrom: defineEnvVariable({
    name: 'REPLY_FROM',
    schema: envMailboxSchema('Orchestrator <orchestrator@example.com>'),
    default: code(mailboxText(d.mailboxes.orchestrator)),
    meaning: 'Sender of holding replies of threads no flow took and of escalation notices; the fallback of both mailboxes above',
  }),
  autoApproveBelow: defineEnvVariable({
    name: 'PROCUREMENT_AUTO_APPROVE_BELOW',
    schema: envSchemas.number({ min: 0 }),
    default: code(d.procurement.approval.autoApproveBelow),
    meaning: 'Orders below this amount (in `PROCUREMENT_CURRENCY`) are approved automatically',
  }),
  procurementCurrency: defineEnvVariable({
    name: 'PROCUREMENT_CURRENCY',
    schema: currency,
    default: code(d.procurement.approval.currency),
    meaning: 'Currency of the purchase limits',
  }),
  procurementApprover: defineEnvVariable({
    name: 'PROCUREMENT_APPROVER',
    schema: address,
    default: code(d.procurement.approval.approvers.primary),
    meaning: 'Approves purchases above the automatic limit',
  }),
  procurementSecondApprover: defineEnvVariable({
    name: 'PROCUREMENT_SECOND_APPROVER',
    schema: address,
    default: code(d.procurement.approval.approvers.secondary),
    meaning: 'Gets the approval when the approver does not answer (escalation), and replaces a requester listed as approver',
  }),
  procurementApprovalReminder: duration(
    'PROCUREMENT_APPROVAL_REMINDER',
    (d.procurement.approval.remindAfterHours ?? 0) * HOUR,
    'Remind the approver after this long',
  ),
  procurementApprovalEscalation: duration(
    'PROCUREMENT_APPROVAL_ESCALATION',
    (d.procurement.approval.escalateAfterHours ?? 0) * HOUR,
    'Escalate to the second approver after this long (must come after the reminder)',
  ),
  procurementInfoReminder: duration(
    'PROCUREMENT_INFO_REMINDER',
    d.procurement.informationReminderAfterMs,
    'Remind a requester about missing information after this long',
  ),
  procurementInfoDeadline: duration(
    'PROCUREMENT_INFO_DEADLINE',
    d.procurement.informationDeadlineMs,
    'Give up on a request whose missing information never came after this long',
  ),
  procurementSupplierReminder: duration(
    'PROCUREMENT_SUPPLIER_REMINDER',
    d.procurement.supplierReminderAfterMs,
    'Remind a supplier who has not quoted after this long',
  ),
  procurementQuoteWindow: duration('PROCUREMENT_QUOTE_WINDOW', d.procurement.quoteWindowMs, 'Deadline for quotes, from sending the requests for quotation'),
  procurementCorrectionWindow: duration(
    'PROCUREMENT_CORRECTION_WINDOW',
    d.procurement.correctionWindowMs,
    'After a readable quote, how long the supplier may still correct it',
  ),
  procurementMaxSuppliers: defineEnvVariable({
    name: 'PROCUREMENT_MAX_SUPPLIERS',
    schema: envSchemas.number({ min: 1, integer: true }),
    default: code(d.procurement.maxSuppliers),
    meaning: 'Most suppliers asked for a quote per request',
  }),
  procurementMaxClarifications: defineEnvVariable({
    name: 'PROCUREMENT_MAX_CLARIFICATIONS',
    schema: envSchemas.number({ min: 0, integer: true }),
    default: code(d.procurement.maxClarifications),
    meaning:
      'Questions to the requester about missing details (reminders not counted), and to each supplier about an unreadable quote; then a person takes over',
  }),
  supportAgents: defineEnvVariable({
    name: 'SUPPORT_AGENTS',
    schema: addresses,
    default: code(d.support.agents.join(',')),
    meaning: 'Human agents who answer escalated threads; the first is the default assignee',
  }),
  supportSupervisor: defineEnvVariable({
    name: 'SUPPORT_SUPERVISOR',
    schema: address,
    default: code(d.support.supervisor),
    meaning: `Gets what agents leave unanswered; also the primary refund approver (the second is \`${d.support.refundApprovers.secondary}\`)`,
  }),
  supportRefundLimit: defineEnvVariable({
    name: 'SUPPORT_REFUND_LIMIT',
    schema: envSchemas.number({ min: 0 }),
    default: code(d.support.autoReply.refundLimit),
    meaning: 'Largest refund (in `SUPPORT_CURRENCY`) a drafted answer may promise without a human',
  }),
  supportCurrency: defineEnvVariable({
    name: 'SUPPORT_CURRENCY',
    schema: currency,
    default: code(d.support.autoReply.currency),
    meaning: 'Currency of the refund limits',
  }),
  supportMinConfidence: defineEnvVariable({
    name: 'SUPPORT_MIN_CONFIDENCE',
    schema: envSchemas.number({ min: 0, max: 1 }),
    default: code(d.support.autoReply.minConfidence),
    meaning: 'Least confidence for sending a drafted answer without a human',
  }),
  supportCloseAfter: duration('SUPPORT_CLOSE_AFTER', d.support.closeAfterSilenceMs, 'Customer silence after an answer that closes the thread'),
  supportApprovalReminder: duration('SUPPORT_APPROVAL_REMINDER', d.support.approvalRemindAfterMs, 'Remind the refund approver after this long'),
  supportApprovalEscalation: duration(
    'SUPPORT_APPROVAL_ESCALATION',
    d.support.approvalEscalateAfterMs,
    'Escalate a refund approval to the second approver after this long (must come after the reminder)',
  ),
  procurementRequesters: defineEnvVariable({
    name: 'PROCUREMENT_REQUESTERS',
    schema: addresses,
    default: 'unset (none)',
    meaning: 'Addresses whose authenticated purchase requests may start requests for quotation',
  }),
  procurementRequesterDomains: defineEnvVariable({
    name: 'PROCUREMENT_REQUESTER_DOMAINS',
    schema: domains,
    default: 'unset (none)',
    meaning: 'Domains whose authenticated senders may start requests for quotation (`acme.example` does not allow `sales.acme.example`)',
  }),
  autoReplyLimitPerThread: defineEnvVariable({
    name: 'AUTO_REPLY_LIMIT_PER_THREAD',
    schema: envSchemas.number({ min: 0, integer: true }),
    default: code(DEFAULT_TRUST_CONFIG.autoReplies.perThread),
    meaning: 'Automatic answers one support thread sends per window; beyond, a person answers (ticket)',
  }),
  autoReplyLimitPerSender: defineEnvVariable({
    name: 'AUTO_REPLY_LIMIT_PER_SENDER',
    schema: envSchemas.number({ min: 0, integer: true }),
    default: code(DEFAULT_TRUST_CONFIG.autoReplies.perSender),
    meaning: 'Automatic answers one sender gets per window across all threads (claimed in the orchestrator store)',
  }),
  autoReplyWindow: duration('AUTO_REPLY_WINDOW', DEFAULT_TRUST_CONFIG.autoReplies.windowMs, 'The window of both automatic-answer limits'),
} as const;

/** The senders' variables, for the README's table of their own. */
export const FLOW_SENDER_ENV: readonly EnvVariableSpec[] = [FLOW_ENV.procurementMailbox, FLOW_ENV.supportMailbox, FLOW_ENV.replyFrom];
/** The trust boundary's variables, for the README's table of their own. */
export const FLOW_TRUST_ENV: readonly EnvVariableSpec[] = [
  FLOW_ENV.procurementRequesters,
  FLOW_ENV.procurementRequesterDomains,
  FLOW_ENV.autoReplyLimitPerThread,
  FLOW_ENV.autoReplyLimitPerSender,
  FLOW_ENV.autoReplyWindow,
];
/** The policy and timing variables of both flows (the rest of {@link FLOW_ENV}). */
export const FLOW_POLICY_ENV: readonly EnvVariableSpec[] = Object.values(FLOW_ENV).filter(
  (spec) => !FLOW_SENDER_ENV.includes(spec) && !FLOW_TRUST_ENV.includes(spec),
);

const hours = (ms: number | undefined) => (ms === undefined ? undefined : ms / HOUR);

/** Drops `undefined` values, so unset variables leave the defaults in place when spread. */
function defined<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A reminder that comes after the escalation would never be sent: reject the pair. */
function remindBeforeEscalating(reminder: number, escalation: number, reminderSpec: EnvVariableSpec, escalationSpec: EnvVariableSpec): void {
  if (escalation <= reminder) {
    throw new FlowConfigError(
      escalationSpec.name,
      `must be longer than ${reminderSpec.name} (the reminder comes first), got ${escalation} ms <= ${reminder} ms`,
    );
  }
}

/** The trust settings of {@link FLOW_ENV}: requesters and domains (lowercased by `flowConfig`), automatic-reply limits. */
function trustFromEnv(read: <T>(spec: EnvVariableSpec<T>) => T | undefined): TrustConfigOverrides {
  return {
    procurementRequesters: defined({ addresses: read(FLOW_ENV.procurementRequesters), domains: read(FLOW_ENV.procurementRequesterDomains) }),
    autoReplies: defined({
      perThread: read(FLOW_ENV.autoReplyLimitPerThread),
      perSender: read(FLOW_ENV.autoReplyLimitPerSender),
      windowMs: read(FLOW_ENV.autoReplyWindow),
    }),
  };
}

/**
 * The flow configuration from the environment: the variables of {@link FLOW_ENV},
 * `APPROVER_POLICY_ENV` and `SEARCH_ATTRIBUTE_ENV`, every one optional (defaults:
 * {@link DEFAULT_FLOW_CONFIG}). Read once at worker start, so a bad value stops the worker instead
 * of a running thread.
 * @throws {FlowConfigError} naming the first invalid variable and its value.
 * @example
 * const activities = createActivities({ store, outbound, flows: flowConfigFromEnv() });
 */
export function flowConfigFromEnv(env: EnvSource = process.env): FlowConfig {
  const read = <T>(spec: EnvVariableSpec<T>): T | undefined => readEnvVariable(env, spec, FlowConfigError);
  const defaults = DEFAULT_FLOW_CONFIG;
  const procurementReminder = read(FLOW_ENV.procurementApprovalReminder);
  const procurementEscalation = read(FLOW_ENV.procurementApprovalEscalation);
  remindBeforeEscalating(
    procurementReminder ?? (defaults.procurement.approval.remindAfterHours ?? 0) * HOUR,
    procurementEscalation ?? (defaults.procurement.approval.escalateAfterHours ?? 0) * HOUR,
    FLOW_ENV.procurementApprovalReminder,
    FLOW_ENV.procurementApprovalEscalation,
  );
  const supportReminder = read(FLOW_ENV.supportApprovalReminder);
  const supportEscalation = read(FLOW_ENV.supportApprovalEscalation);
  remindBeforeEscalating(
    supportReminder ?? defaults.support.approvalRemindAfterMs,
    supportEscalation ?? defaults.support.approvalEscalateAfterMs,
    FLOW_ENV.supportApprovalReminder,
    FLOW_ENV.supportApprovalEscalation,
  );

  const replyFrom = read(FLOW_ENV.replyFrom);
  const trust = trustFromEnv(read);
  const policies = approverPoliciesFromEnv(env);
  return flowConfig({
    ...defined({ searchAttributes: read(SEARCH_ATTRIBUTE_ENV.searchAttributes), requesterAttribute: read(SEARCH_ATTRIBUTE_ENV.requesterAttribute) }),
    trust,
    mailboxes: defined({
      procurement: read(FLOW_ENV.procurementMailbox) ?? replyFrom,
      support: read(FLOW_ENV.supportMailbox) ?? replyFrom,
      orchestrator: replyFrom,
    }),
    procurement: {
      approval: {
        ...defined({
          autoApproveBelow: read(FLOW_ENV.autoApproveBelow),
          currency: read(FLOW_ENV.procurementCurrency),
          remindAfterHours: hours(procurementReminder),
          escalateAfterHours: hours(procurementEscalation),
        }),
        approvers: defined({ primary: read(FLOW_ENV.procurementApprover), secondary: read(FLOW_ENV.procurementSecondApprover) }),
      },
      approvalPolicy: policies.procurement,
      ...defined({
        informationReminderAfterMs: read(FLOW_ENV.procurementInfoReminder),
        informationDeadlineMs: read(FLOW_ENV.procurementInfoDeadline),
        supplierReminderAfterMs: read(FLOW_ENV.procurementSupplierReminder),
        quoteWindowMs: read(FLOW_ENV.procurementQuoteWindow),
        correctionWindowMs: read(FLOW_ENV.procurementCorrectionWindow),
        maxSuppliers: read(FLOW_ENV.procurementMaxSuppliers),
        maxClarifications: read(FLOW_ENV.procurementMaxClarifications),
      }),
    },
    support: {
      autoReply: defined({
        refundLimit: read(FLOW_ENV.supportRefundLimit),
        currency: read(FLOW_ENV.supportCurrency),
        minConfidence: read(FLOW_ENV.supportMinConfidence),
      }),
      ...defined({
        agents: read(FLOW_ENV.supportAgents),
        supervisor: read(FLOW_ENV.supportSupervisor),
        closeAfterSilenceMs: read(FLOW_ENV.supportCloseAfter),
        approvalRemindAfterMs: supportReminder,
        approvalEscalateAfterMs: supportEscalation,
      }),
      refundApprovalPolicy: policies.support,
    },
  });
}
