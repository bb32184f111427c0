import type { EmailAddress, EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { DEFAULT_APPROVER_POLICY, DEFAULT_SLA_POLICY, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
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
import type { SupportConfig } from '../config';

const DAY = 24 * 3_600_000;

/** The support configuration when nothing is configured: sensible for a demo, safe for a start. */
export const DEFAULT_SUPPORT_CONFIG: SupportConfig = {
  autoReply: { minConfidence: 0.5, refundLimit: 100, currency: 'EUR' },
  agents: ['agent@orchestrator.local'],
  supervisor: 'supervisor@orchestrator.local',
  sla: DEFAULT_SLA_POLICY,
  closeAfterSilenceMs: 3 * DAY,
  refundApprovers: { primary: 'supervisor@orchestrator.local', secondary: 'finance-director@orchestrator.local' },
  approvalRemindAfterMs: DAY,
  approvalEscalateAfterMs: 2 * DAY,
  refundApprovalPolicy: DEFAULT_APPROVER_POLICY,
  summarizeAfterTurns: 6,
};

/** The support flow's mailbox when neither `SUPPORT_MAILBOX` nor `REPLY_FROM` is set. */
export const DEFAULT_SUPPORT_MAILBOX: EmailAddress = { address: 'support@orchestrator.local', name: 'Customer Support' };

const d = DEFAULT_SUPPORT_CONFIG;
const S = FLOW_ENV_SCHEMAS;
const refundApprovalPolicy = approverPolicyVariables(
  { mode: 'SUPPORT_REFUND_APPROVAL_MODE', tiers: 'SUPPORT_REFUND_APPROVAL_TIERS' },
  'refund',
  '`SUPPORT_SUPERVISOR`',
  'SUPPORT_CURRENCY',
);

/** The support flow's settings of its part of the flow configuration, declared once (tabled in the worker and package READMEs). */
export const SUPPORT_SETTINGS_ENV = {
  mailbox: flowMailboxVariable(
    'SUPPORT_MAILBOX',
    'Customer Support <support@example.com>',
    DEFAULT_SUPPORT_MAILBOX,
    'Sender of answers to customers, agent and refund-approval notices',
  ),
  agents: defineEnvVariable({
    name: 'SUPPORT_AGENTS',
    schema: S.emailAddresses,
    default: envDefault(d.agents.join(',')),
    meaning: 'Human agents who answer escalated threads; the first is the default assignee',
  }),
  supervisor: defineEnvVariable({
    name: 'SUPPORT_SUPERVISOR',
    schema: S.emailAddress,
    default: envDefault(d.supervisor),
    meaning: `Gets what agents leave unanswered; also the primary refund approver (the second is \`${d.refundApprovers.secondary}\`)`,
  }),
  refundLimit: defineEnvVariable({
    name: 'SUPPORT_REFUND_LIMIT',
    schema: envSchemas.number({ min: 0 }),
    default: envDefault(d.autoReply.refundLimit),
    meaning: 'Largest refund (in `SUPPORT_CURRENCY`) a drafted answer may promise without a human',
  }),
  currency: defineEnvVariable({
    name: 'SUPPORT_CURRENCY',
    schema: S.currency,
    default: envDefault(d.autoReply.currency),
    meaning: 'Currency of the refund limits',
  }),
  minConfidence: defineEnvVariable({
    name: 'SUPPORT_MIN_CONFIDENCE',
    schema: envSchemas.number({ min: 0, max: 1 }),
    default: envDefault(d.autoReply.minConfidence),
    meaning: 'Least confidence for sending a drafted answer without a human',
  }),
  closeAfter: durationVariable('SUPPORT_CLOSE_AFTER', d.closeAfterSilenceMs, 'Customer silence after an answer that closes the thread'),
  approvalReminder: durationVariable('SUPPORT_APPROVAL_REMINDER', d.approvalRemindAfterMs, 'Remind the refund approver after this long'),
  approvalEscalation: durationVariable(
    'SUPPORT_APPROVAL_ESCALATION',
    d.approvalEscalateAfterMs,
    'Escalate a refund approval to the second approver after this long (must come after the reminder)',
  ),
  refundApprovalMode: refundApprovalPolicy.mode,
  refundApprovalTiers: refundApprovalPolicy.tiers,
} as const;

const E = SUPPORT_SETTINGS_ENV;

function overridesFromEnv(env: EnvSource): FlowConfigOverrides {
  const read = <T>(spec: EnvVariableSpec<T>): T | undefined => readEnvVariable(env, spec, FlowConfigError);
  const reminder = read(E.approvalReminder);
  const escalation = read(E.approvalEscalation);
  remindBeforeEscalating(reminder ?? d.approvalRemindAfterMs, escalation ?? d.approvalEscalateAfterMs, E.approvalReminder, E.approvalEscalation);
  return {
    support: {
      autoReply: defined({ refundLimit: read(E.refundLimit), currency: read(E.currency), minConfidence: read(E.minConfidence) }),
      ...defined({
        agents: read(E.agents),
        supervisor: read(E.supervisor),
        closeAfterSilenceMs: read(E.closeAfter),
        approvalRemindAfterMs: reminder,
        approvalEscalateAfterMs: escalation,
      }),
      refundApprovalPolicy: approverPolicyFromEnv(env, refundApprovalPolicy),
    },
    mailboxes: defined({ support: flowMailboxFromEnv(env, E.mailbox) }),
  };
}

/**
 * The support flow's part of the flow configuration (`supportFlowModule.settings`): its policy and
 * timing and its mailbox, from {@link DEFAULT_SUPPORT_CONFIG} with overrides or the variables of
 * {@link SUPPORT_SETTINGS_ENV} (`REPLY_FROM` is its mailbox's fallback). When only the supervisor is
 * overridden, it is also the primary refund approver (as by default).
 */
export const supportSettings: FlowEnvSettings = {
  env: Object.values(SUPPORT_SETTINGS_ENV),
  fromEnv: overridesFromEnv,
  configure({ support: s = {}, mailboxes }) {
    const supervisor = s.supervisor ?? d.supervisor;
    const legalTerms = s.autoReply?.legalTerms ?? d.autoReply.legalTerms;
    return {
      support: {
        ...d,
        ...s,
        autoReply: { ...d.autoReply, ...s.autoReply, ...(legalTerms ? { legalTerms: [...legalTerms] } : {}) },
        agents: [...(s.agents ?? d.agents)],
        supervisor,
        sla: { firstResponseMinutes: { ...d.sla.firstResponseMinutes, ...s.sla?.firstResponseMinutes } },
        refundApprovers: { primary: supervisor, secondary: d.refundApprovers.secondary, ...s.refundApprovers },
        refundApprovalPolicy: checkedApproverPolicy(s.refundApprovalPolicy ?? DEFAULT_APPROVER_POLICY, 'support.refundApprovalPolicy'),
      },
      mailboxes: { support: { ...(mailboxes?.support ?? DEFAULT_SUPPORT_MAILBOX) } },
    };
  },
  people({ support: { refundApprovers, refundApprovalPolicy, agents, supervisor } }) {
    return {
      approvers: [refundApprovers.primary, refundApprovers.secondary, ...(refundApprovalPolicy?.tiers ?? []).flatMap((t) => t.approvers)],
      agents: [...agents, supervisor],
    };
  },
};
