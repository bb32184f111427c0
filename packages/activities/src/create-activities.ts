import { Context } from '@temporalio/activity';
import { z } from 'zod';
import type { EmailMessage, FlowName, PayloadIssue } from '@org/orchestrator-contracts';
import { FLOW_NAMES, emailMessageSchema } from '@org/orchestrator-contracts';
import type { FlowClassification } from './classify-flow';
import { classifyFlow } from './classify-flow';
import type { ReplyKind } from './compose-reply';
import { REPLY_KINDS, composeReplyText, replySubject } from './compose-reply';
import { invalidInput } from './errors';
import type { OrchestratorStore } from './store/orchestrator-store';

/** What the activities need from the outside world; passed in, never module-level singletons. */
export interface ActivityDependencies {
  store: OrchestratorStore;
  /** Injected for tests; defaults to the system clock. */
  now?: () => Date;
}

export interface ClassifyThreadInput {
  threadId: string;
  message: EmailMessage;
}

export interface SendReplyInput {
  /** Deterministic id from the workflow: a retried or replayed send reuses it. */
  replyMessageId: string;
  kind: ReplyKind;
  flow: FlowName;
  message: EmailMessage;
}

export interface SendReplyResult {
  messageId: string;
  /** `already-sent` when a previous attempt had sent it: nothing was sent twice. */
  status: 'sent' | 'already-sent';
}

export interface RecordHandledInput {
  threadId: string;
  messageId: string;
  flow: FlowName;
  action: string;
  replyMessageId?: string;
}

const sendReplySchema = z.object({
  replyMessageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/, 'must look like <id@host>'),
  kind: z.enum(REPLY_KINDS),
  flow: z.enum(FLOW_NAMES),
  message: emailMessageSchema,
});
const classifySchema = z.object({ threadId: z.string().min(1), message: emailMessageSchema });
const recordHandledSchema = z.object({
  threadId: z.string().min(1),
  messageId: z.string().min(1),
  flow: z.enum(FLOW_NAMES),
  action: z.string().min(1),
  replyMessageId: z.string().optional(),
});

function parse<T>(activity: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: PayloadIssue[] = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw invalidInput(activity, issues);
}

/**
 * Builds the activities from their dependencies. Register the result with a worker:
 * `Worker.create({ activities: createActivities({ store }), ... })`.
 * @example
 * const activities = createActivities({ store: openSqliteStore('.data/orchestrator.sqlite') });
 */
export function createActivities({ store, now = () => new Date() }: ActivityDependencies) {
  return {
    /** Decides which flow a new thread belongs to. */
    async classifyThread(input: ClassifyThreadInput): Promise<FlowClassification> {
      const { message } = parse('classifyThread', classifySchema, input);
      return classifyFlow(message);
    },

    /** Queues an automatic reply in the outbox, at most once per `replyMessageId`. */
    async sendReply(input: SendReplyInput): Promise<SendReplyResult> {
      const { replyMessageId, kind, flow, message } = parse('sendReply', sendReplySchema, input);
      const { status } = store.enqueueOutbound(
        {
          messageId: replyMessageId,
          threadId: message.threadId,
          inReplyTo: message.messageId,
          references: [...message.references, message.messageId],
          kind,
          to: [message.from.address],
          subject: replySubject(message.subject),
          text: composeReplyText(kind, flow, message),
        },
        now(),
      );
      return { messageId: replyMessageId, status: status === 'queued' ? 'sent' : 'already-sent' };
    },

    /** Records that the thread handled a message; a retry of the same activity updates its row. */
    async recordHandledMessage(input: RecordHandledInput): Promise<{ attempts: number }> {
      const record = parse('recordHandledMessage', recordHandledSchema, input);
      const { info } = Context.current();
      return store.recordHandled(
        // Outside a workflow (e.g. a direct call) there is no run: key by the activity alone.
        { ...record, workflowRunId: info.workflowExecution?.runId ?? '', activityId: info.activityId },
        now(),
      );
    },
  };
}

/** The activity interface workflows proxy (`proxyActivities<OrchestratorActivities>`). */
export type OrchestratorActivities = ReturnType<typeof createActivities>;
