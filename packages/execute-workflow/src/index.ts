/**
 * Run a workflow function as a Temporal child workflow or inline, with one typed call.
 * Workflow-sandbox code: imports only `@temporalio/workflow`.
 *
 * @module
 */
export { executeWorkflow } from './execute-workflow';
export type { ExecuteWorkflowOptions } from './execute-workflow';
