import type { AgentCallUsage, EmailMessage, FlowName, MessageOutcome } from '@org/orchestrator-contracts';

/** What a flow did with a message (the thread adds the flow's name). */
export type FlowOutcome = Omit<MessageOutcome, 'flow'>;

/** What a flow gets from its thread. */
export interface FlowContext {
  readonly threadId: string;
  /** Flow-owned JSON state; mutate it. It is shown by the state query and carried across continue-as-new. */
  readonly state: Record<string, unknown>;
  /**
   * Message-ID for an email the flow sends at `step`, and the id of anything that routes replies
   * back (an RFQ). Deterministic, so sends happen once; keyed by the thread's secret key, so nobody
   * outside can compute it.
   */
  outboundMessageId(step: string): string;
  /**
   * Waits up to `timeoutMs` for the thread's next message (arrival order) and takes it; record it
   * with {@link handled}. `undefined` when the time is up or the thread was asked to complete.
   */
  nextMessage(timeoutMs: number): Promise<EmailMessage | undefined>;
  /** Records a message taken with {@link nextMessage} (ledger and thread state). */
  handled(message: EmailMessage, outcome: FlowOutcome): Promise<void>;
  /** Adds an agent call's cost to the thread's totals. */
  recordAgentUsage(usage: AgentCallUsage | undefined): void;
  /**
   * `COMPLETE_THREAD` arrived: a flow waiting for people (quotes, an approval, an agent) stops
   * waiting, tells whom it concerns, and returns.
   */
  readonly completionRequested: boolean;
  /** The flow is done: the thread handles what is still queued, then completes with `reason`. */
  complete(reason: string): void;
  /**
   * Holds the thread for a human, like a failed routing: the thread's escalation (later messages
   * are only recorded), and a notice naming `reason` to the escalation address about `message`.
   * Nothing goes to the message's sender. The flow publishes its own status and search attributes.
   */
  escalate(reason: string, detail: string | undefined, message: EmailMessage): Promise<void>;
}

/**
 * A business flow that a thread can be routed to. The thread workflow owns the queue,
 * de-duplication, the state query, updates and continue-as-new; a flow decides what to do with
 * the next message, and may wait (for more messages, timers, updates) while it does. Flow code
 * runs in the workflow sandbox: it waits and calls activities, never does I/O itself.
 */
export interface ThreadFlow {
  readonly name: FlowName;
  handleMessage(message: EmailMessage, context: FlowContext): Promise<FlowOutcome>;
  /**
   * When the flow waits between messages with a deadline (e.g. closing a quiet support thread):
   * the workflow time (ms) at which {@link onIdle} runs if no message came.
   */
  idleUntil?(context: FlowContext): number | undefined;
  onIdle?(context: FlowContext): Promise<void>;
}
