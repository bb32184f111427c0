import type { EmailAddress, EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { DEFAULT_APPROVER_POLICY, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import type { FlowConfigOverrides, FlowEnvSettings } from '@org/orchestrator-activities';
import {
  FLOW_ENV_SCHEMAS,
  FlowConfigError,
  approverPolicyFromEnv,
  approverPolicyVariables,
  checkedApproverPolicy,
  defined,
  durationVariable,
  envDefault,
  flowMailboxFromEnv,
  flowMailboxVariable,
  remindBeforeEscalating,
} from '@org/orchestrator-activities';
import type { ProcurementConfig, ProcurementRequesters } from '../config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The procurement configuration when nothing is configured: sensible for a demo, safe for a start. */
export const DEFAULT_PROCUREMENT_CONFIG: ProcurementConfig = {
  approval: {
    autoApproveBelow: 1000,
    currency: 'EUR',
    approvers: { primary: 'approver@orchestrator.local', secondary: 'finance-director@orchestrator.local' },
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
};

/** The procurement flow's mailbox when neither `PROCUREMENT_MAILBOX` nor `REPLY_FROM` is set. */
export const DEFAULT_PROCUREMENT_MAILBOX: EmailAddress = { address: 'purchasing@orchestrator.local', name: 'Purchasing' };

/** Nothing configured, no outside requester is trusted. */
const NO_REQUESTERS: ProcurementRequesters = { addresses: [], domains: [] };

const d = DEFAULT_PROCUREMENT_CONFIG;
const S = FLOW_ENV_SCHEMAS;
const approvalPolicy = approverPolicyVariables(
  { mode: 'PROCUREMENT_APPROVAL_MODE', tiers: 'PROCUREMENT_APPROVAL_TIERS' },
  'purchase',
  '`PROCUREMENT_APPROVER`',
  'PROCUREMENT_CURRENCY',
);

/** The procurement flow's settings of its part of the flow configuration, declared once (tabled in the worker and package READMEs). */
export const PROCUREMENT_SETTINGS_ENV = {
  mailbox: flowMailboxVariable(
    'PROCUREMENT_MAILBOX',
    'Purchasing <purchasing@example.com>',
    DEFAULT_PROCUREMENT_MAILBOX,
    'Sender of RFQs, purchase orders, approval requests and replies to requesters',
  ),
  autoApproveBelow: defineEnvVariable({
    name: 'PROCUREMENT_AUTO_APPROVE_BELOW',
    schema: envSchemas.number({ min: 0 }),
    default: envDefault(d.approval.autoApproveBelow),
    meaning: 'Orders below this amount (in `PROCUREMENT_CURRENCY`) are approved automatically',
  }),
  currency: defineEnvVariable({
    name: 'PROCUREMENT_CURRENCY',
    schema: S.currency,
    default: envDefault(d.approval.currency),
    meaning: 'Currency of the purchase limits',
  }),
  approver: defineEnvVariable({
    name: 'PROCUREMENT_APPROVER',
    schema: S.emailAddress,
    default: envDefault(d.approval.approvers.primary),
    meaning: 'Approves purchases above the automatic limit',
  }),
  secondApprover: defineEnvVariable({
    name: 'PROCUREMENT_SECOND_APPROVER',
    schema: S.emailAddress,
    default: envDefault(d.approval.approvers.secondary),
    meaning: 'Gets the approval when the approver does not answer (escalation), and replaces a requester listed as approver',
  }),
  approvalReminder: durationVariable('PROCUREMENT_APPROVAL_REMINDER', (d.approval.remindAfterHours ?? 0) * HOUR, 'Remind the approver after this long'),
  approvalEscalation: durationVariable(
    'PROCUREMENT_APPROVAL_ESCALATION',
    (d.approval.escalateAfterHours ?? 0) * HOUR,
    'Escalate to the second approver after this long (must come after the reminder)',
  ),
  infoReminder: durationVariable('PROCUREMENT_INFO_REMINDER', d.informationReminderAfterMs, 'Remind a requester about missing information after this long'),
  infoDeadline: durationVariable(
    'PROCUREMENT_INFO_DEADLINE',
    d.informationDeadlineMs,
    'Give up on a request whose missing information never came after this long',
  ),
  supplierReminder: durationVariable('PROCUREMENT_SUPPLIER_REMINDER', d.supplierReminderAfterMs, 'Remind a supplier who has not quoted after this long'),
  quoteWindow: durationVariable('PROCUREMENT_QUOTE_WINDOW', d.quoteWindowMs, 'Deadline for quotes, from sending the requests for quotation'),
  correctionWindow: durationVariable(
    'PROCUREMENT_CORRECTION_WINDOW',
    d.correctionWindowMs,
    'After a readable quote, how long the supplier may still correct it',
  ),
  maxSuppliers: defineEnvVariable({
    name: 'PROCUREMENT_MAX_SUPPLIERS',
    schema: envSchemas.number({ min: 1, integer: true }),
    default: envDefault(d.maxSuppliers),
    meaning: 'Most suppliers asked for a quote per request',
  }),
  maxClarifications: defineEnvVariable({
    name: 'PROCUREMENT_MAX_CLARIFICATIONS',
    schema: envSchemas.number({ min: 0, integer: true }),
    default: envDefault(d.maxClarifications),
    meaning:
      'Questions to the requester about missing details (reminders not counted), and to each supplier about an unreadable quote; then a person takes over',
  }),
  approvalMode: approvalPolicy.mode,
  approvalTiers: approvalPolicy.tiers,
  requesters: defineEnvVariable({
    name: 'PROCUREMENT_REQUESTERS',
    schema: S.emailAddresses,
    default: 'unset (none)',
    meaning: 'Addresses whose authenticated purchase requests may start requests for quotation',
  }),
  requesterDomains: defineEnvVariable({
    name: 'PROCUREMENT_REQUESTER_DOMAINS',
    schema: S.domains,
    default: 'unset (none)',
    meaning: 'Domains whose authenticated senders may start requests for quotation (`acme.example` does not allow `sales.acme.example`)',
  }),
} as const;

const E = PROCUREMENT_SETTINGS_ENV;
const hours = (ms: number | undefined) => (ms === undefined ? undefined : ms / HOUR);
const lower = (list: string[]) => list.map((a) => a.trim().toLowerCase());

function overridesFromEnv(env: EnvSource): FlowConfigOverrides {
  const read = <T>(spec: EnvVariableSpec<T>): T | undefined => readEnvVariable(env, spec, FlowConfigError);
  const reminder = read(E.approvalReminder);
  const escalation = read(E.approvalEscalation);
  remindBeforeEscalating(
    reminder ?? (d.approval.remindAfterHours ?? 0) * HOUR,
    escalation ?? (d.approval.escalateAfterHours ?? 0) * HOUR,
    E.approvalReminder,
    E.approvalEscalation,
  );
  return {
    procurement: {
      approval: {
        ...defined({
          autoApproveBelow: read(E.autoApproveBelow),
          currency: read(E.currency),
          remindAfterHours: hours(reminder),
          escalateAfterHours: hours(escalation),
        }),
        approvers: defined({ primary: read(E.approver), secondary: read(E.secondApprover) }),
      },
      approvalPolicy: approverPolicyFromEnv(env, approvalPolicy),
      ...defined({
        informationReminderAfterMs: read(E.infoReminder),
        informationDeadlineMs: read(E.infoDeadline),
        supplierReminderAfterMs: read(E.supplierReminder),
        quoteWindowMs: read(E.quoteWindow),
        correctionWindowMs: read(E.correctionWindow),
        maxSuppliers: read(E.maxSuppliers),
        maxClarifications: read(E.maxClarifications),
      }),
    },
    mailboxes: defined({ procurement: flowMailboxFromEnv(env, E.mailbox) }),
    trust: { procurementRequesters: defined({ addresses: read(E.requesters), domains: read(E.requesterDomains) }) },
  };
}

/**
 * The procurement flow's part of the flow configuration (`procurementFlowModule.settings`): its
 * policy and timing, its mailbox, its trusted requesters, from {@link DEFAULT_PROCUREMENT_CONFIG}
 * with overrides or the variables of {@link PROCUREMENT_SETTINGS_ENV} (`REPLY_FROM` is its
 * mailbox's fallback).
 */
export const procurementSettings: FlowEnvSettings = {
  env: Object.values(PROCUREMENT_SETTINGS_ENV),
  fromEnv: overridesFromEnv,
  configure({ procurement: p = {}, mailboxes, trust }) {
    const requesters = trust?.procurementRequesters ?? {};
    return {
      procurement: {
        ...d,
        ...p,
        approval: { ...d.approval, ...p.approval, approvers: { ...d.approval.approvers, ...p.approval?.approvers } },
        approvalPolicy: checkedApproverPolicy(p.approvalPolicy ?? DEFAULT_APPROVER_POLICY, 'procurement.approvalPolicy'),
      },
      mailboxes: { procurement: { ...(mailboxes?.procurement ?? DEFAULT_PROCUREMENT_MAILBOX) } },
      trust: {
        procurementRequesters: {
          addresses: lower(requesters.addresses ?? NO_REQUESTERS.addresses),
          domains: lower(requesters.domains ?? NO_REQUESTERS.domains),
        },
      },
    };
  },
  people({ procurement: { approval, approvalPolicy } }) {
    return { approvers: [approval.approvers.primary, approval.approvers.secondary, ...(approvalPolicy?.tiers ?? []).flatMap((t) => t.approvers)], agents: [] };
  },
};
