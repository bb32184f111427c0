/** Default task queue polled by every Agent Orchestrator worker. Override with `TEMPORAL_TASK_QUEUE`. */
export const DEFAULT_TASK_QUEUE = 'agent-orchestrator';

/** Workflow type names, as registered by the worker and started by clients. */
export const WORKFLOW_TYPES = {
  emailThread: 'emailThreadWorkflow',
} as const;

export type WorkflowTypeName = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

/** The flows a thread can be routed to. `unknown` gets a polite holding reply. */
export const FLOW_NAMES = ['procurement', 'support', 'unknown'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

/** Search attributes set by the thread workflow (registered by the dev-server script). */
export const SEARCH_ATTRIBUTES = {
  flow: 'OrchestratorFlow',
  status: 'OrchestratorStatus',
} as const;
