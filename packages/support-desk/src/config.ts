import type { ApproverPolicy, AutoReplyPolicy, EmailAddress, SlaPolicy } from '@org/orchestrator-contracts';

/**
 * Policy and timing of the customer support flow: its part of the flow configuration
 * (`FlowConfig.support`). Plain JSON: the workflow records it in its history (via the
 * `loadFlowConfig` activity), so a running thread keeps the policy it started with. Built by the
 * flow's `settings` (`@org/orchestrator-support-desk/node`) from its defaults and variables.
 */
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

/** Partial overrides of {@link SupportConfig}; nested policy objects may be partial too. */
export type SupportConfigOverrides = Partial<Omit<SupportConfig, 'autoReply' | 'sla' | 'refundApprovers'>> & {
  autoReply?: Partial<AutoReplyPolicy>;
  sla?: { firstResponseMinutes?: Partial<SlaPolicy['firstResponseMinutes']> };
  refundApprovers?: Partial<SupportConfig['refundApprovers']>;
};

// The flow's parts of the flow configuration, declared here for every package that installs or tests the flow.
declare module '@org/orchestrator-activities' {
  interface FlowConfigParts {
    support: SupportConfig;
  }
  interface FlowConfigOverrideParts {
    support?: SupportConfigOverrides;
  }
  interface FlowMailboxes {
    /** Answers to customers, agent and approval notices (`SUPPORT_MAILBOX`). */
    support: EmailAddress;
  }
}
