/**
 * Workflow definitions of Agent Orchestrator: the one entry file the worker bundles.
 * Everything exported here runs in Temporal's deterministic sandbox.
 *
 * @module
 */
export { emailThreadWorkflow } from './email-thread/workflow';
export { rfqWorkflow } from './flows/procurement/rfq-workflow';
export type { RfqInput, RfqResult } from './flows/procurement/rfq-workflow';
export type { FlowContext, FlowOutcome, ThreadFlow } from '@org/orchestrator-thread-kit';
