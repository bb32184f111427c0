import { z } from 'zod';
import type { FlowName } from './names';
import type { ProcurementFlowState, RfqThreadState } from './flows/procurement-state';
import { procurementFlowStateSchema, rfqThreadStateSchema } from './flows/procurement-state';
import { routingSchema } from './flows/routing-schema';
import { approvalStateSchema, awaitingSchema } from './flows/shared-state';
import type { SupportFlowState } from './flows/support-state';
import { supportFlowStateSchema } from './flows/support-state';

/**
 * The `flowState` of a thread, per flow, as the `threadState` query returns it and continue-as-new
 * carries it: plain JSON owned by the workflow. Its shape is decided by the thread's `flow` (a
 * discriminated union by flow name, {@link ThreadFlowState}); the types let clients read it without
 * depending on the workflow package.
 */

/**
 * The state before a business flow's first step: what routing recorded (nothing before routing).
 * It is also the whole state of the reply-once flows (`unknown`, and the flows of threads started
 * before the business flows), which set `replied` once they replied.
 */
export const routedStateSchema = z.object({
  routing: routingSchema.optional(),
  /** Absent: no business-flow step ran yet (this is what tells this state from a started one). */
  step: z.undefined().optional(),
  replied: z.boolean().optional(),
});
export type RoutedState = z.infer<typeof routedStateSchema>;

/**
 * The state of a flow that lives in a package of its own, as the contracts know it: what the thread
 * core reads of every flow's state (its step, whom it awaits, its approval). Its package declares
 * the whole schema (its `ThreadFlow.stateSchema`, which the thread checks when continue-as-new
 * carries the state); clients read the rest as plain JSON.
 */
export const pluggedFlowStateSchema = z.object({
  step: z.string().min(1).max(64),
  awaiting: awaitingSchema.optional(),
  approval: approvalStateSchema.optional(),
});
export type PluggedFlowState = z.infer<typeof pluggedFlowStateSchema>;

/** The `flowState` of a thread of each flow (an RFQ child workflow is a procurement thread of its own). */
export interface FlowStates {
  procurement: RoutedState | ProcurementFlowState | RfqThreadState;
  support: RoutedState | SupportFlowState;
  invoice: RoutedState | PluggedFlowState;
  unknown: RoutedState;
}

/** The `flowState` of a thread whose flow is `F`. */
export type FlowStateOf<F extends FlowName> = FlowStates[F];

/** A thread's flow and its state, discriminated by the flow's name (`null`: not routed yet). */
export type ThreadFlowState = { [F in FlowName]: { flow: F; flowState: FlowStates[F] } }[FlowName] | { flow: null; flowState: RoutedState };

/** Any flow's state: what the thread core holds before it hands it to the thread's flow. */
export type AnyFlowState = FlowStates[FlowName];

/**
 * The schema of each flow's state once its first step ran (before: {@link routedStateSchema}; an
 * RFQ child workflow's state: `rfqThreadStateSchema`).
 */
export const FLOW_STATE_SCHEMAS = {
  procurement: procurementFlowStateSchema,
  support: supportFlowStateSchema,
  invoice: pluggedFlowStateSchema,
  unknown: routedStateSchema,
} as const satisfies Record<FlowName, z.ZodType>;

/** One way a flow state differs from its flow's schema: where, and what. */
export interface FlowStateIssue {
  path: string;
  message: string;
}

/**
 * How `flowState` differs from the schema of `flow` (`null`: not routed yet), or `[]`. Only
 * reports: a state recorded by an older version of a flow may lack what a newer one writes, and a
 * running thread must go on with what it has (the caller logs the issues and keeps the state).
 */
export function flowStateIssues(flow: FlowName | null, flowState: unknown): FlowStateIssue[] {
  const field = (key: string): unknown => (typeof flowState === 'object' && flowState !== null ? Reflect.get(flowState, key) : undefined);
  const started = field('step') !== undefined;
  const rfq = flow === 'procurement' && !started && field('supplierId') !== undefined;
  const schema = started ? FLOW_STATE_SCHEMAS[flow ?? 'unknown'] : rfq ? rfqThreadStateSchema : routedStateSchema;
  const parsed = schema.safeParse(flowState);
  if (parsed.success) return [];
  return parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
