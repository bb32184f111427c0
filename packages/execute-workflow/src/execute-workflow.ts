import type { ChildWorkflowOptions, Workflow, WorkflowResultType } from '@temporalio/workflow';
import { executeChild } from '@temporalio/workflow';

/** `args` is required exactly when the workflow function requires arguments. */
type WorkflowArgs<T extends Workflow> =
  [] extends Parameters<T> ? { args?: Parameters<T> | Readonly<Parameters<T>> } : { args: Parameters<T> | Readonly<Parameters<T>> };

/**
 * Options for {@link executeWorkflow}: the workflow's `args`, `asChild`, and — used only when
 * `asChild` is true — the usual child workflow options (`workflowId`, `taskQueue`,
 * `parentClosePolicy`, timeouts, ...).
 */
export type ExecuteWorkflowOptions<T extends Workflow> = Omit<ChildWorkflowOptions, 'typeInfo'> &
  WorkflowArgs<T> & {
    /**
     * Run `fn` as a child workflow: its own execution, history and retries, visible in the UI.
     * Otherwise `fn` runs inline, as part of the calling workflow.
     * @default false
     */
    asChild?: boolean;
  };

/**
 * Runs a workflow function from inside a workflow, either as a durable child workflow
 * (`asChild: true`, via `executeChild`) or inline as a plain call — same arguments, same typed
 * result, so a flow can be split into child workflows (or merged back) by flipping one option.
 * Child workflow options are ignored inline.
 *
 * For `asChild`, `fn` must be registered with the worker (exported from its workflows module).
 *
 * @example
 * ```ts
 * import { executeWorkflow } from '@org/orchestrator-execute-workflow';
 *
 * export async function procurementFlow(threadId: string): Promise<Quote> {
 *   return executeWorkflow(requestQuote, {
 *     args: [threadId],
 *     asChild: true,
 *     workflowId: `quote-${threadId}`,
 *   });
 * }
 * ```
 */
export function executeWorkflow<T extends Workflow>(
  fn: T,
  ...[options]: [] extends Parameters<T> ? [options?: ExecuteWorkflowOptions<T>] : [options: ExecuteWorkflowOptions<T>]
): Promise<WorkflowResultType<T>> {
  // The signature did the type-checking; past it, `fn` is any workflow.
  const { args = [], asChild = false, ...childOptions } = (options ?? {}) as ExecuteWorkflowOptions<Workflow>;
  if (asChild) {
    return executeChild<Workflow>(fn, { ...childOptions, args });
  }
  return fn(...args);
}
