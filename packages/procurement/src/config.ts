import type { ApprovalPolicy, ApproverPolicy, EmailAddress } from '@org/orchestrator-contracts';

/**
 * Policy and timing of the procurement flow: its part of the flow configuration (`FlowConfig.procurement`).
 * Plain JSON: the workflow records it in its history (via the `loadFlowConfig` activity), so a
 * running thread keeps the policy it started with. Built by the flow's `settings`
 * (`@org/orchestrator-procurement/node`) from its defaults and variables.
 */
export interface ProcurementConfig {
  /** Who approves what: automatic approval limit, approvers, reminder and escalation delays. */
  approval: ApprovalPolicy;
  /**
   * Above the automatic limit: who must approve by amount (in `approval.currency`) and whether the
   * first decision decides or all must approve. Absent in configurations recorded before it: the
   * primary approver decides alone (`DEFAULT_APPROVER_POLICY`).
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

/** Partial overrides of {@link ProcurementConfig}; the approval policy's parts may be partial too. */
export type ProcurementConfigOverrides = Partial<Omit<ProcurementConfig, 'approval'>> & {
  approval?: Partial<Omit<ApprovalPolicy, 'approvers'>> & { approvers?: Partial<ApprovalPolicy['approvers']> };
};

/**
 * Requesters whose authenticated purchase requests start requests for quotation
 * (`FlowConfig.trust.procurementRequesters`): lowercased addresses, and domains that match exactly
 * (a subdomain is another domain). Nothing configured, no outside requester is trusted.
 */
export interface ProcurementRequesters {
  addresses: string[];
  domains: string[];
}

// The flow's parts of the flow configuration, declared here for every package that installs or tests the flow.
declare module '@org/orchestrator-activities' {
  interface FlowConfigParts {
    procurement: ProcurementConfig;
  }
  interface FlowConfigOverrideParts {
    procurement?: ProcurementConfigOverrides;
  }
  interface FlowMailboxes {
    /** RFQs, purchase orders, approval requests and replies to requesters (`PROCUREMENT_MAILBOX`). */
    procurement: EmailAddress;
  }
  interface TrustConfig {
    /** Requesters whose authenticated purchase requests start requests for quotation (see {@link ProcurementRequesters}). */
    procurementRequesters: ProcurementRequesters;
  }
  interface TrustConfigOverrides {
    procurementRequesters?: Partial<ProcurementRequesters>;
  }
}
