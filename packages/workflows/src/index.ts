/**
 * Workflow definitions of Agent Orchestrator: the one entry file the worker bundles.
 * Everything exported here runs in Temporal's deterministic sandbox.
 *
 * @module
 */
export { emailThreadWorkflow } from './email-thread/workflow';
// The procurement flow's RFQ child workflow (its package's): registered from this bundle under its own name.
export { rfqWorkflow } from '@org/orchestrator-procurement';
export type { RfqInput, RfqResult } from '@org/orchestrator-procurement';
export type { FlowContext, FlowOutcome, ThreadFlow } from '@org/orchestrator-thread-kit';
