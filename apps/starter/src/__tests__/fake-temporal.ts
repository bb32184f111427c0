import type { EmailMessage, FlowName, ThreadState, ThreadSummary } from '@org/orchestrator-contracts';
import { threadIdFromWorkflowId } from '@org/orchestrator-contracts';
import type { TemporalConfig, ThreadClient } from '@org/orchestrator-contracts/client';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { CliDeps, CliIo, TemporalSession } from '../context';

export const TEST_CONFIG: TemporalConfig = { address: 'localhost:7233', namespace: 'test-ns', taskQueue: 'test-queue' };

export interface FakeThread {
  workflowId: string;
  state: ThreadState;
  /** Query count at which each queued message gets handled (messages a script handles have none). */
  handleAt: Map<string, number>;
  summary?: ThreadSummary;
  onComplete: ((summary: ThreadSummary) => void)[];
}

/**
 * A scripted stand-in for the worker's flows (see `scripted-flows.ts`). With `onMessage` set, the
 * script handles messages itself instead of the default "handled after a few queries".
 */
export interface FakeFlowScript {
  /** A message was accepted by `thread` (not a duplicate). */
  onMessage?(thread: FakeThread, message: EmailMessage): void;
  /** Called on every state query, before its thread is looked up: work that happens meanwhile (e.g. child workflows start). */
  onTick?(): void;
  /** Called before a state query of `thread` is answered: the worker makes progress. */
  onQuery?(thread: FakeThread): void;
  /** Answers an update, or throws like the workflow's validator (`updateRefused`). */
  onUpdate?(thread: FakeThread, name: string, input: unknown): unknown;
}

/** The error a refused update ends in, as `@temporalio/client` throws it. */
export function updateRefused(type: string, message: string): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));
}

const alreadyCompleted = (workflowId: string) => new WorkflowNotFoundError('workflow execution already completed', workflowId, undefined);

/**
 * A minimal stand-in for `client.workflow`, shaped like the thread workflow: it records every
 * call, deduplicates by Message-ID, and "handles" messages after a few state queries.
 */
export class FakeTemporal {
  readonly signalWithStartCalls: { workflowType: string; options: Record<string, unknown> }[] = [];
  readonly signals: { workflowId: string; name: string; args: unknown[] }[] = [];
  readonly updates: { workflowId: string; name: string; args: unknown[] }[] = [];
  /** Scripted flows; without one, messages are "handled" after {@link handleAfterQueries} queries. */
  script: FakeFlowScript | undefined;
  readonly listQueries: string[] = [];
  readonly threads = new Map<string, FakeThread>();
  /** Queries a message stays queued before it is handled (makes the demo poll). */
  handleAfterQueries = 0;
  /** When false no message is ever handled and no thread completes (no worker). */
  workerRunning = true;
  /** When false, COMPLETE_THREAD is recorded but the thread never completes. */
  completes = true;
  /** When set, every call rejects with it. */
  failWith: Error | undefined;
  private queries = 0;

  readonly client = {
    workflow: {
      connection: {
        // Like the real connection: aborting rejects the calls made within.
        withAbortSignal: <R>(signal: AbortSignal, fn: () => Promise<R>) =>
          new Promise<R>((resolve, reject) => {
            signal.addEventListener('abort', () => reject(new Error('1 CANCELLED: aborted')), { once: true });
            fn().then(resolve, reject);
          }),
      },
      // Like the real client: calls within share a deadline (the fake answers at once).
      withDeadline: <R>(_deadline: number | Date, fn: () => Promise<R>) => fn(),
      signalWithStart: async (workflowType: string, options: Record<string, unknown>) => {
        this.check();
        this.signalWithStartCalls.push({ workflowType, options });
        const workflowId = options['workflowId'] as string;
        const thread = this.threads.get(workflowId) ?? this.newThread(workflowId);
        this.receive(thread, (options['signalArgs'] as EmailMessage[])[0] as EmailMessage);
        return { workflowId, signaledRunId: `run-of-${workflowId}` };
      },
      getHandle: (workflowId: string) => ({
        workflowId,
        signal: async (definition: { name: string }, ...args: unknown[]) => {
          this.check();
          const thread = this.thread(workflowId);
          if (thread.summary) throw alreadyCompleted(workflowId);
          this.signals.push({ workflowId, name: definition.name, args });
          if (definition.name === 'COMPLETE_THREAD') this.complete(thread, args[0] as { reason?: string } | undefined);
        },
        executeUpdate: async (definition: { name: string }, options: { args: unknown[] }) => {
          this.check();
          const thread = this.thread(workflowId);
          if (thread.summary) throw alreadyCompleted(workflowId);
          this.updates.push({ workflowId, name: definition.name, args: options.args });
          if (!this.script?.onUpdate) throw new Error(`no update handler for ${definition.name}`);
          return structuredClone(await this.script.onUpdate(thread, definition.name, options.args[0]));
        },
        query: async () => {
          this.check();
          if (this.workerRunning) this.script?.onTick?.();
          const thread = this.thread(workflowId);
          this.queries += 1;
          this.progress(thread);
          if (this.workerRunning) this.script?.onQuery?.(thread);
          return structuredClone(thread.state);
        },
        result: async () => {
          this.check();
          const thread = this.thread(workflowId);
          // The worker carries on while the client waits: a scripted flow may finish its thread.
          for (let step = 0; step < 10 && !thread.summary && this.workerRunning; step += 1) this.script?.onQuery?.(thread);
          return thread.summary ?? new Promise<ThreadSummary>((resolve) => thread.onComplete.push(resolve));
        },
      }),
      list: ({ query }: { query: string }) => {
        this.listQueries.push(query);
        const executions = [...this.threads.entries()].map(([workflowId, thread]) => ({
          workflowId,
          runId: `run-of-${workflowId}`,
          status: { name: thread.summary ? 'COMPLETED' : 'RUNNING' },
          startTime: new Date(thread.state.startedAt),
          closeTime: thread.summary ? new Date(thread.summary.completedAt) : undefined,
        }));
        return (async function* () {
          yield* executions;
        })();
      },
    },
  } as unknown as ThreadClient;

  /** CLI deps around this fake; `connect` is a jest mock so tests can see whether it was called. */
  deps(overrides: Partial<CliDeps> = {}): CliDeps & { io: CliIo & { stdout: string[]; stderr: string[] }; connect: jest.Mock } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const session: TemporalSession = { client: this.client, config: TEST_CONFIG, close: async () => undefined };
    return {
      io: { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), readStdin: async () => '' },
      env: {},
      connect: jest.fn(async () => session),
      now: () => new Date('2025-07-01T10:00:00.000Z'),
      newId: () => '00000000-0000-4000-8000-000000000001',
      sleep: async () => undefined,
      ...overrides,
    } as CliDeps & { io: CliIo & { stdout: string[]; stderr: string[] }; connect: jest.Mock };
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  private thread(workflowId: string): FakeThread {
    const thread = this.threads.get(workflowId);
    if (!thread) throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
    return thread;
  }

  /** Starts a thread (e.g. a child workflow a script starts), as the worker would. */
  newThread(workflowId: string): FakeThread {
    const thread: FakeThread = {
      workflowId,
      state: {
        threadId: threadIdFromWorkflowId(workflowId) as string,
        status: 'open',
        flow: null,
        flowState: {},
        escalation: null,
        agentUsage: { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, byModel: {} },
        messages: [],
        // Like the workflow's counters, derived here from the (complete) records.
        get counts() {
          const messages = this.messages as ThreadState['messages'];
          const handled = messages.filter((m) => m.status === 'handled');
          const byAction: Record<string, number> = {};
          for (const m of handled) if (m.outcome) byAction[m.outcome.action] = (byAction[m.outcome.action] ?? 0) + 1;
          const duplicates = this.duplicatesIgnored as number;
          return {
            received: messages.length + duplicates,
            handled: handled.length,
            duplicates,
            pending: messages.filter((m) => m.status === 'queued').length,
            byAction,
          };
        },
        duplicatesIgnored: 0,
        rejected: [],
        rejectedCount: 0,
        continuedAsNew: 0,
        startedAt: '2025-07-01T10:00:00.000Z',
      } satisfies ThreadState,
      handleAt: new Map(),
      onComplete: [],
    };
    this.threads.set(workflowId, thread);
    return thread;
  }

  private receive(thread: FakeThread, message: EmailMessage): void {
    if (thread.state.messages.some((m) => m.messageId === message.messageId)) {
      thread.state.duplicatesIgnored += 1;
      return;
    }
    thread.state.flow ??= classify(`${message.subject} ${message.text}`);
    thread.state.messages.push({
      messageId: message.messageId,
      from: message.from.address,
      subject: message.subject,
      receivedAt: message.receivedAt,
      status: 'queued',
    });
    if (this.script?.onMessage) {
      if (this.workerRunning) this.script.onMessage(thread, message);
      return;
    }
    thread.handleAt.set(message.messageId, this.queries + this.handleAfterQueries);
  }

  private progress(thread: FakeThread): void {
    if (!this.workerRunning) return;
    for (const record of thread.state.messages) {
      const handleAt = thread.handleAt.get(record.messageId);
      if (record.status !== 'handled' && handleAt !== undefined && handleAt < this.queries) {
        record.status = 'handled';
        record.outcome = { flow: thread.state.flow ?? 'unknown', action: 'acknowledged' };
      }
    }
  }

  private complete(thread: FakeThread, request: { reason?: string } | undefined): void {
    if (!this.workerRunning || !this.completes) return;
    this.progress(thread);
    this.finish(thread, request?.reason);
  }

  /** Completes `thread` with a summary, as a flow that ends its thread does (`context.complete`). */
  finish(thread: FakeThread, reason: string | undefined): void {
    thread.state.status = 'completed';
    thread.summary = {
      threadId: thread.state.threadId,
      flow: thread.state.flow,
      escalation: null,
      agentUsage: thread.state.agentUsage,
      handled: thread.state.messages.map((m) => ({ messageId: m.messageId, outcome: m.outcome ?? { flow: 'unknown', action: 'none' } })),
      duplicatesIgnored: thread.state.duplicatesIgnored,
      rejected: 0,
      continuedAsNew: 0,
      completedAt: '2025-07-01T10:05:00.000Z',
      reason,
    };
    for (const resolve of thread.onComplete.splice(0)) resolve(thread.summary);
  }
}

function classify(text: string): FlowName {
  if (/purchase/i.test(text)) return 'procurement';
  if (/order/i.test(text)) return 'support';
  return 'unknown';
}
