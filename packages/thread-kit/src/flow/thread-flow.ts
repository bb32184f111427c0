import type { AgentCallUsage, AnyFlowState, EmailMessage, FlowName, MessageOutcome } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';

/** Checks a flow's state (a zod schema fits): lenient use only, the thread logs what differs. */
export interface FlowStateSchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** What a flow did with a message (the thread adds the flow's name). */
export type FlowOutcome = Omit<MessageOutcome, 'flow'>;

/**
 * What a flow gets from its thread. `S`: the flow's state, as the contracts declare it for the
 * flow (`FlowStates`); the thread core hands each flow its own thread's state.
 */
export interface FlowContext<S extends AnyFlowState = AnyFlowState> {
  readonly threadId: string;
  /** Flow-owned JSON state; mutate it. It is shown by the state query and carried across continue-as-new. */
  readonly state: S;
  /**
   * Message-ID for an email the flow sends at `step`, and the id of anything that routes replies
   * back (an RFQ). Deterministic, so sends happen once; keyed by the thread's secret key, so nobody
   * outside can compute it.
   */
  outboundMessageId(step: string): string;
  /**
   * Waits up to `timeoutMs` for the thread's next message (arrival order) and takes it; record it
   * with {@link handled}. `undefined` when the time is up or the thread was asked to complete.
   * `resumable`: a point the flow can be resumed from, like {@link resumableWait} (the thread may
   * continue as new here; the flow's state must say what it waits for and until when).
   */
  nextMessage(timeoutMs: number, options?: { resumable?: boolean }): Promise<EmailMessage | undefined>;
  /** Records a message taken with {@link nextMessage} (ledger and thread state). */
  handled(message: EmailMessage, outcome: FlowOutcome): Promise<void>;
  /**
   * Waits like `condition(done, timeoutMs)` (no timeout: until `done`), at a point the flow can be
   * resumed from: under bounded state the thread may continue as new here (when Temporal suggests
   * it and messages keep arriving), and the next run calls the flow's {@link ThreadFlow.resume}
   * with the same message. Before waiting, the flow must have put in `state` everything it needs to
   * go on: what it waits for and until when (the timeout is re-armed from that deadline). The flow
   * must let the suspension's exception pass. Only for flows with `resume`.
   */
  resumableWait(done: () => boolean, timeoutMs?: number): Promise<boolean>;
  /**
   * The `loadFlowConfig` activity, remembered for a resumed handling: call it where the flow called
   * the activity (same commands); a resumed handling reads {@link flowConfig} instead.
   */
  loadFlowConfig(): Promise<FlowConfig>;
  /** The configuration the current handling loaded (carried with a suspended handling), if any. */
  readonly flowConfig: FlowConfig | undefined;
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
 * What a flow's own update handlers get from the thread ({@link ThreadFlow.setHandlers}). They are
 * registered in every thread, whatever its flow, so each reads the state and refuses what is not its own.
 */
export interface ThreadHandlerContext {
  /** The thread's flow state now: any flow's, or none yet. */
  flowState(): AnyFlowState;
  /** Message-ID for a mail the flow will send at `step` (see {@link FlowContext.outboundMessageId}). */
  outboundMessageId(step: string): string;
  /** Refuses an update while the thread continues as new: call it first in a validator. */
  admit(): void;
}

/**
 * A business flow that a thread can be routed to. The thread workflow owns the queue,
 * de-duplication, the state query, updates and continue-as-new; a flow decides what to do with
 * the next message, and may wait (for more messages, timers, updates) while it does. Flow code
 * runs in the workflow sandbox: it waits and calls activities, never does I/O itself. `S` is the
 * flow's state (see {@link FlowContext}); the registry pairs each flow with its name's state.
 */
export interface ThreadFlow<S extends AnyFlowState = AnyFlowState> {
  readonly name: FlowName;
  /**
   * The whole schema of the flow's state once its first step ran, for a flow whose package declares
   * its own (the contracts know such a state only by what every flow's state says alike): the thread
   * checks a carried state against it. A zod schema fits.
   */
  readonly stateSchema?: FlowStateSchema;
  handleMessage(message: EmailMessage, context: FlowContext<S>): Promise<FlowOutcome>;
  /**
   * Goes on with the handling of `message` that a previous run suspended at a
   * {@link FlowContext.resumableWait}, from the flow's state (never from the first step again).
   */
  resume?(message: EmailMessage, context: FlowContext<S>): Promise<FlowOutcome>;
  /**
   * When the flow waits between messages with a deadline (e.g. closing a quiet support thread):
   * the workflow time (ms) at which {@link onIdle} runs if no message came.
   */
  idleUntil?(context: FlowContext<S>): number | undefined;
  onIdle?(context: FlowContext<S>): Promise<void>;
  /**
   * Handles `message` again after its handling failed for good and a person asked for a retry
   * (`retryFailedStep`, see `email-thread/failures.ts`): from the start of the flow step it failed
   * in, reusing what people already decided and never sending a mail twice. Default: {@link handleMessage}.
   */
  retryMessage?(message: EmailMessage, context: FlowContext<S>): Promise<FlowOutcome>;
  /**
   * A step failed for good while handling `message`; the thread now waits for a person. Prepares
   * (state only) what a person may do besides retrying, e.g. the support flow accepts an agent's
   * reply to the message.
   */
  onMessageFailed?(message: EmailMessage, context: FlowContext<S>, config: FlowConfig): void;
  /**
   * Who took a decision, while the thread was held for a failed message, that the flow can go on
   * with (the support agent who replied): the thread then runs {@link retryMessage} as if they had
   * asked for a retry. Pure: it is part of the thread's wait condition.
   */
  decidedWhileHeld?(context: FlowContext<S>): string | undefined;
  /**
   * Registers the flow's own updates (the support flow's `submitAgentReply`). The thread calls it for
   * every flow of its registry when each run starts, before its first message, so an update that comes
   * before routing is refused by its validator rather than left without a handler. An update name
   * belongs to one flow.
   */
  setHandlers?(thread: ThreadHandlerContext): void;
}
