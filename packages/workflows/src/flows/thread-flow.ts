import type { EmailMessage, FlowName, MessageOutcome } from '@org/orchestrator-contracts';

/** What a flow gets for each message of its thread. */
export interface FlowContext {
  threadId: string;
  /** Flow-owned JSON state; mutate it. It is carried across continue-as-new. */
  state: Record<string, unknown>;
  /** Message-ID for an email the flow sends at `step` (deterministic: sends happen once). */
  outboundMessageId(step: string): string;
}

/**
 * A business flow that a thread can be routed to. The thread workflow owns the queue,
 * de-duplication, the state query and continue-as-new; a flow only decides what to do
 * with the next message. Flow code runs in the workflow sandbox: it waits and calls
 * activities, never does I/O itself.
 */
export interface ThreadFlow {
  readonly name: FlowName;
  handleMessage(message: EmailMessage, context: FlowContext): Promise<Omit<MessageOutcome, 'flow'>>;
}
