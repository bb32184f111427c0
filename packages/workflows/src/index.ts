/**
 * Workflow definitions of Agent Orchestrator: the one entry file the worker bundles.
 * Everything exported here runs in Temporal's deterministic sandbox.
 *
 * @module
 */
export { emailThreadWorkflow } from './email-thread/workflow';
export type { FlowContext, ThreadFlow } from './flows/thread-flow';
