import { log } from '@temporalio/workflow';
import type { AnyFlowState, Awaiting, FlowName } from '@org/orchestrator-contracts';
import { flowStateIssues } from '@org/orchestrator-contracts';
import type { ApprovalSlot, FlowStateSchema } from '@org/orchestrator-thread-kit';

/**
 * Typed access to a thread's flow state for the thread core. The state is one JSON object whose
 * shape the thread's flow decides (`FlowStates` of the contracts); the core hands it to that flow,
 * and reads only what every flow's state says alike: its step, what it awaits, its approval.
 */

/** The flow's current step (`flowState.step`); undefined before its first step and for reply-once flows. */
export function currentStep(state: AnyFlowState): string | undefined {
  return state.step;
}

/** Who or what the flow waits for (`flowState.awaiting`), if anything. */
export function awaitingOf(state: AnyFlowState): Awaiting | undefined {
  return state.step === undefined ? undefined : state.awaiting;
}

/** Whether a reply-once flow (or a business flow's thread started before them) has replied. */
export function repliedOnce(state: AnyFlowState): boolean {
  return 'replied' in state && state.replied === true;
}

/** Where the approval update handlers find the approval the flow waits for: `flowState.approval`. */
export function approvalSlot(state: AnyFlowState): ApprovalSlot {
  return state.step === undefined ? {} : state;
}

/**
 * Checks a carried flow state against its flow's schema. Lenient: a state recorded by an older
 * version of a flow may differ from what the flow writes today, and a running thread must go on
 * with what it has, so differences are logged and the state is kept as it is.
 */
export function checkCarriedFlowState(threadId: string, flow: FlowName | null, state: unknown, schema?: FlowStateSchema): void {
  const issues = flowStateIssues(flow, state);
  // A flow that declares its own state (a flow package): the whole state, once its first step ran.
  const started = typeof state === 'object' && state !== null && Reflect.get(state, 'step') !== undefined;
  const parsed = schema && started ? schema.safeParse(state) : undefined;
  if (parsed && !parsed.success) issues.push(...parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  if (issues.length > 0) log.warn('Carried flow state differs from its schema (kept as it is)', { threadId, flow, issues });
}
