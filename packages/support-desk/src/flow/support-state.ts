import type { EmailMessage, RoutedState, SupportFlowState } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { upsertThreadAttributes } from '@org/orchestrator-thread-kit';
import type { FlowContext } from '@org/orchestrator-thread-kit';

/** A support thread's state once its first turn began (the contracts' `SupportFlowState`). */
export type SupportState = SupportFlowState;

/** A support thread's state: routed only, until its first turn. */
export type SupportThreadState = RoutedState | SupportFlowState;

/** Publishes the thread's search attributes (see {@link publisher}), with the refund amount while it is decided. */
export type Publish = (extra?: { amount?: number }) => void;

/** The support state, which the thread's state object itself takes on at the first turn (the thread core holds this object). */
export function supportState(context: FlowContext<SupportThreadState>, first: EmailMessage): SupportState {
  const state = context.state;
  if (state.step !== undefined) return state;
  const routing = state.routing;
  const started: Omit<SupportState, 'routing'> = {
    step: 'answering',
    customer: first.from.address.toLowerCase(),
    intent: routing?.intent ?? 'product-question',
    urgency: routing?.urgency ?? 'normal',
    sentiment: routing?.sentiment ?? 'neutral',
    turns: [],
  };
  return Object.assign(state, started);
}

/** Publishes the thread's search attributes from the support state. */
export function publisher(state: SupportState, config: FlowConfig): Publish {
  return (extra: { amount?: number } = {}) =>
    upsertThreadAttributes(config, {
      flow: 'support',
      status: state.step,
      requester: state.customer,
      escalated: state.ticket !== undefined,
      slaBreached: state.sla?.breached ?? false,
      ...extra,
    });
}
