/** Default task queue polled by every Agent Orchestrator worker. Override with `TEMPORAL_TASK_QUEUE`. */
export const DEFAULT_TASK_QUEUE = 'agent-orchestrator';

/** Workflow type names, as registered by the worker and started by clients. */
export const WORKFLOW_TYPES = {
  emailThread: 'emailThreadWorkflow',
  /** Child of a procurement thread: one request for quotation to one supplier. */
  rfq: 'rfqWorkflow',
} as const;

export type WorkflowTypeName = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

/**
 * The flows a thread can be routed to. `unknown` gets a polite holding reply. `invoice` (supplier
 * invoices and the warehouse's goods receipts) lives in a package of its own
 * (`@org/orchestrator-invoice-matching`), which declares its state: see `FlowStates`.
 */
export const FLOW_NAMES = ['procurement', 'support', 'invoice', 'unknown'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

/**
 * Search attributes set by the thread workflow (registered by the dev-server script and the test
 * environments), so `temporal workflow list --query "OrchestratorFlow = 'procurement'"` finds threads.
 */
export const SEARCH_ATTRIBUTES = {
  /** Keyword: `procurement`, `support` or `unknown`. */
  flow: 'OrchestratorFlow',
  /**
   * Keyword: the flow's current step, e.g. `awaiting-approval`, `awaiting-agent`, `closed`; `needs-human`
   * while a failed step waits for a person, `retrying` while it runs again.
   */
  status: 'OrchestratorStatus',
  /** Double: the amount at stake (a purchase's total, a refund). */
  amount: 'OrchestratorAmount',
  /** Keyword: who asked (a requester's or customer's address). */
  requester: 'OrchestratorRequester',
  /** Bool: a human owns the thread (ticket, held request, a step that failed for good). */
  escalated: 'OrchestratorEscalated',
  /** Bool: a service-level deadline passed without an answer. */
  slaBreached: 'OrchestratorSlaBreached',
} as const;

/** The Temporal value type of each of {@link SEARCH_ATTRIBUTES}. */
export const SEARCH_ATTRIBUTE_TYPES = {
  OrchestratorFlow: 'KEYWORD',
  OrchestratorStatus: 'KEYWORD',
  OrchestratorAmount: 'DOUBLE',
  OrchestratorRequester: 'KEYWORD',
  OrchestratorEscalated: 'BOOL',
  OrchestratorSlaBreached: 'BOOL',
} as const;
