import type { EmailMessage, FlowName, ThreadState, ThreadSummary } from '@org/orchestrator-contracts';
import { threadIdFromWorkflowId } from '@org/orchestrator-contracts';
import type { TemporalConfig, ThreadClient } from '@org/orchestrator-contracts/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CliDeps, CliIo, TemporalSession } from '../context';

export const TEST_CONFIG: TemporalConfig = { address: 'localhost:7233', namespace: 'test-ns', taskQueue: 'test-queue' };

interface FakeThread {
  state: ThreadState;
  /** Query count at which each queued message gets handled. */
  handleAt: Map<string, number>;
  summary?: ThreadSummary;
  onComplete: ((summary: ThreadSummary) => void)[];
}

/**
 * A minimal stand-in for `client.workflow`, shaped like the thread workflow: it records every
 * call, deduplicates by Message-ID, and "handles" messages after a few state queries.
 */
export class FakeTemporal {
  readonly signalWithStartCalls: { workflowType: string; options: Record<string, unknown> }[] = [];
  readonly signals: { workflowId: string; name: string; args: unknown[] }[] = [];
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
          this.signals.push({ workflowId, name: definition.name, args });
          if (definition.name === 'COMPLETE_THREAD') this.complete(thread, args[0] as { reason?: string } | undefined);
        },
        query: async () => {
          this.check();
          const thread = this.thread(workflowId);
          this.queries += 1;
          this.progress(thread);
          return structuredClone(thread.state);
        },
        result: async () => {
          this.check();
          const thread = this.thread(workflowId);
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

  private newThread(workflowId: string): FakeThread {
    const thread: FakeThread = {
      state: {
        threadId: threadIdFromWorkflowId(workflowId) as string,
        status: 'open',
        flow: null,
        flowState: {},
        escalation: null,
        agentUsage: { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, byModel: {} },
        messages: [],
        duplicatesIgnored: 0,
        rejected: [],
        rejectedCount: 0,
        continuedAsNew: 0,
        startedAt: '2025-07-01T10:00:00.000Z',
      } as ThreadState,
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
    thread.handleAt.set(message.messageId, this.queries + this.handleAfterQueries);
  }

  private progress(thread: FakeThread): void {
    if (!this.workerRunning) return;
    for (const record of thread.state.messages) {
      if (record.status !== 'handled' && (thread.handleAt.get(record.messageId) ?? 0) < this.queries) {
        record.status = 'handled';
        record.outcome = { flow: thread.state.flow ?? 'unknown', action: 'acknowledged' };
      }
    }
  }

  private complete(thread: FakeThread, request: { reason?: string } | undefined): void {
    if (!this.workerRunning || !this.completes) return;
    this.progress(thread);
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
      reason: request?.reason,
    };
    for (const resolve of thread.onComplete.splice(0)) resolve(thread.summary);
  }
}

function classify(text: string): FlowName {
  if (/purchase/i.test(text)) return 'procurement';
  if (/order/i.test(text)) return 'support';
  return 'unknown';
}
