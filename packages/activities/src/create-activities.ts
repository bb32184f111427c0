import { randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { z } from 'zod';
import type { AttachmentRef, EmailAddress, EmailMessage, FlowName } from '@org/orchestrator-contracts';
import { EMAIL_LIMITS, FLOW_NAMES, attachmentRefSchema, emailAddressSchema, emailMessageSchema, inboxThreadUrl } from '@org/orchestrator-contracts';
import type { Agents } from '@org/orchestrator-agents';
import { RulesProvider, createAgents } from '@org/orchestrator-agents';
import { composeReply } from '@org/orchestrator-email';
import { createAgentActivities } from './agent-activities';
import type { FlowModule } from './flows/flow-module';
import { parseInput } from './errors';
import type { FlowConfig } from './flows/flow-config';
import { flowConfig, mailboxFor } from './flows/flow-config';
import { createIdActivities } from './ids/id-activities';
import { requesterAttributeKey } from './ids/requester-attribute';
import type { InboxLinkSettings } from './decision-links';
import { createDecisionLinkActivities } from './decision-links';
import type { OutboundDependencies, SendEmailResult } from './outbound';
import { createOutboundActivities } from './outbound';
import type { ReplyKind } from './reply-text';
import { REPLY_KINDS, composeReplyText } from './reply-text';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import type { AutoReplyClaim, OrchestratorStore } from './store/orchestrator-store';
import { createThreadActivities } from './thread/thread-activities';

/** What the activities need from the outside world; passed in, never module-level singletons. */
export interface ActivityDependencies {
  store: AsyncCompatible<OrchestratorStore>;
  /** Outbound mail: ledger, transport, blob store (see `outboundFromEnv`). */
  outbound: OutboundDependencies;
  /** The agents, bound to a provider; defaults to the offline `rules` provider. */
  agents?: Agents;
  /**
   * Whether the agents answer in-process within milliseconds, so workflows may call them as local
   * activities (handed to workflows as `FlowConfig.agentsInline`). Default: true when `agents` is
   * not given (the offline `rules` provider), else false (a remote LLM keeps its heartbeats).
   */
  agentsInline?: boolean;
  /**
   * The secret behind every outbound Message-ID and RFQ id (at least 32 bytes; see
   * `idSecretSourceFromEnv` and `loadIdSecret`). Default: a random secret for this process.
   */
  idSecret?: Uint8Array;
  /** Where escalations go (a team mailbox). Without it, escalations are only in the thread state and logs. */
  escalationAddress?: EmailAddress;
  /** Injected for tests; defaults to the system clock. */
  now?: () => Date;
  /** The flow configuration, handed to workflows by `loadFlowConfig`. Default: the defaults of the `flowModules` (`flowConfig({}, flowModules)`). */
  flows?: FlowConfig;
  /** The task inbox, for one-click decision links in approval emails (see `inboxLinksFromEnv`); without it, none. */
  inbox?: InboxLinkSettings;
  /** Flows in packages of their own, installed by the worker: they route their own mail and give the default `flows` their parts (their activities the worker registers). */
  flowModules?: readonly Pick<FlowModule, 'name' | 'route' | 'settings'>[];
}

/**
 * Input of `sendReply`: a reply to `message`, on its thread. The body is either a standard text
 * (`kind`) or the workflow's own `text` (a drafted answer, an agent's reply), never both.
 */
export type SendReplyInput = {
  /**
   * The reply's outbound Message-ID (the one term: see the contracts' `OutboundEmail.messageId`);
   * deterministic from the workflow, so a retried or replayed send reuses it.
   */
  replyMessageId: string;
  /** The message replied to: its sender is the default recipient, its ids thread the reply. */
  message: EmailMessage;
  /** Files from the blob store to attach (e.g. a purchase order PDF). */
  attachments?: AttachmentRef[];
  /** Recipients instead of the original sender (e.g. a supplier or an approver). */
  to?: EmailAddress[];
  /** The sender: the flow's configured mailbox. Default: the mailbox of `flow` (see `mailboxFor`), never an inbound header. */
  from?: EmailAddress;
} & (
  | {
      kind: ReplyKind;
      /** Which team signs the standard text. */
      flow: FlowName;
      text?: never;
    }
  | { text: string; flow?: FlowName; kind?: never }
);

export interface RecordHandledInput {
  threadId: string;
  messageId: string;
  flow: FlowName;
  action: string;
  /** The outbound Message-ID of the reply sent for the message, if any (`MessageOutcome.replyMessageId`). */
  replyMessageId?: string;
  /** The message's sender address, subject and arrival, so the ledger can list a thread's messages. */
  from?: string;
  subject?: string;
  receivedAt?: string;
}

export interface NotifyEscalationInput {
  /** The notice's outbound Message-ID, deterministic from the workflow as for replies. */
  notificationMessageId: string;
  reason: string;
  detail?: string;
  /** The message the escalation is about (quoted in the notice). */
  message?: EmailMessage;
  /** Without a message (e.g. a failure while a thread was idle): the thread and its subject. */
  thread?: { threadId: string; subject?: string };
}

const messageIdSchema = z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/, 'must look like <id@host>');
const sendReplySchema = z
  .object({
    replyMessageId: messageIdSchema,
    kind: z.enum(REPLY_KINDS).optional(),
    text: z
      .string()
      .max(EMAIL_LIMITS.textLength)
      .refine((text) => text.trim().length > 0, 'must not be empty')
      .optional(),
    flow: z.enum(FLOW_NAMES).optional(),
    message: emailMessageSchema,
    attachments: z.array(attachmentRefSchema).max(EMAIL_LIMITS.attachments).optional(),
    to: z.array(emailAddressSchema).min(1, 'needs at least one recipient').max(EMAIL_LIMITS.recipients).optional(),
    from: emailAddressSchema.optional(),
  })
  .refine((input) => (input.kind === undefined) !== (input.text === undefined), {
    message: 'give exactly one of kind and text',
    path: ['kind'],
  })
  .refine((input) => input.kind === undefined || input.flow !== undefined, {
    message: 'is required with kind (it signs the standard text)',
    path: ['flow'],
  });
const recordHandledSchema = z.object({
  threadId: z.string().min(1),
  messageId: z.string().min(1),
  flow: z.enum(FLOW_NAMES),
  action: z.string().min(1),
  replyMessageId: z.string().optional(),
  from: z.string().max(EMAIL_LIMITS.messageIdLength).optional(),
  subject: z.string().max(EMAIL_LIMITS.subjectLength).optional(),
  receivedAt: z.string().max(64).optional(),
});
const claimAutoReplySchema = z.object({
  sender: z.string().trim().min(1).max(512),
  messageId: z.string().min(1),
  limit: z.number().int().min(0),
  windowMs: z.number().int().positive(),
});
const notifyEscalationSchema = z
  .object({
    notificationMessageId: messageIdSchema,
    reason: z.string().min(1).max(500),
    detail: z.string().max(4000).optional(),
    message: emailMessageSchema.optional(),
    thread: z
      .object({ threadId: z.string().min(1).max(EMAIL_LIMITS.messageIdLength), subject: z.string().max(EMAIL_LIMITS.subjectLength).optional() })
      .optional(),
  })
  .refine((input) => input.message !== undefined || input.thread !== undefined, { message: 'give the message or the thread', path: ['message'] });

/**
 * Builds the activities from their dependencies. Register the result with a worker:
 * `Worker.create({ activities: createActivities({ store, outbound }), ... })`.
 * @example
 * const activities = createActivities({
 *   store: openSqliteStore('.data/orchestrator.sqlite'),
 *   outbound: await outboundFromEnv(),
 *   agents: createAgents(providerFromEnv()),
 * });
 */
export function createActivities({
  store,
  outbound,
  agents,
  agentsInline = agents === undefined,
  idSecret,
  escalationAddress,
  now = () => new Date(),
  flows: given,
  inbox,
  flowModules,
}: ActivityDependencies) {
  const flows = given ?? flowConfig({}, flowModules);
  const { sendEmail } = createOutboundActivities({ now, ...outbound });
  // One secret for thread ids and the hashed requester attribute (random per process only in tests).
  const secret = idSecret ?? randomBytes(32);
  const recordedFlows: FlowConfig = flows.requesterAttribute === 'hashed' ? { ...flows, requesterAttributeKey: requesterAttributeKey(secret) } : flows;
  return {
    ...createAgentActivities({ agents: agents ?? createAgents(new RulesProvider()), ...(flowModules ? { flowModules } : {}) }),
    ...createIdActivities({ idSecret: secret }),
    ...createDecisionLinkActivities({ ...(inbox ? { inbox } : {}), now }),
    ...createThreadActivities({ store, now }),
    sendEmail,

    /**
     * The flows' policy and timing. Workflows call it once per thread and keep the result: it is
     * recorded in the history, so a thread keeps its policy across replays and worker restarts,
     * and a changed configuration applies to new threads only.
     */
    async loadFlowConfig(): Promise<FlowConfig> {
      return { ...recordedFlows, ...(agentsInline ? { agentsInline } : {}), ...(inbox ? { inboxUrl: inbox.baseUrl } : {}) };
    },

    /**
     * Composes an automatic (`Auto-Submitted: auto-replied`), correctly threaded reply and sends it
     * once per `replyMessageId`: a standard text by `kind`, or the given `text`; to the original
     * sender unless `to` says otherwise; with `attachments` from the blob store. From `from`, else
     * the configured mailbox of `flow`: never from the inbound `To:`, which the sender controls.
     */
    async sendReply(input: SendReplyInput): Promise<SendEmailResult> {
      const { replyMessageId: outboundMessageId, kind, text, flow, message, attachments, to, from: given } = parseInput('sendReply', sendReplySchema, input);
      const from = given ?? mailboxFor(flows.mailboxes, flow);
      const body = kind ? composeReplyText(kind, flow as FlowName, message) : (text as string);
      return sendEmail(
        composeReply({
          original: message,
          from,
          messageId: outboundMessageId,
          text: body,
          automatic: true,
          ...(attachments ? { attachments } : {}),
          ...(to ? { to } : {}),
        }),
      );
    },

    /**
     * Tells the escalation mailbox that a thread needs a human, once per notification id, quoting
     * the message it is about (or naming the thread, for an escalation without one).
     * Returns `skipped` when no escalation address is configured.
     */
    async notifyEscalation(input: NotifyEscalationInput): Promise<SendEmailResult | { status: 'skipped' }> {
      const { notificationMessageId: outboundMessageId, reason, detail, message, thread } = parseInput('notifyEscalation', notifyEscalationSchema, input);
      if (!escalationAddress) return { status: 'skipped' };
      const to = emailAddressSchema.parse(escalationAddress);
      const threadId = message?.threadId ?? (thread?.threadId as string);
      const subject = message?.subject ?? thread?.subject ?? `thread ${threadId}`;
      return sendEmail({
        messageId: outboundMessageId,
        threadId,
        from: mailboxFor(flows.mailboxes, undefined),
        to: [to],
        subject: `[Escalation] ${subject}`.slice(0, 998),
        text:
          `Thread ${threadId} needs a human: ${reason}.\n` +
          (inbox ? `\nOpen it in the task inbox: ${inboxThreadUrl(inbox.baseUrl, threadId)}\n` : '') +
          (detail ? `\n${detail}\n` : '') +
          (message ? `\nLatest message from ${message.from.address}, received ${message.receivedAt}:\n\n${message.text.slice(0, 4000)}\n` : ''),
        references: [],
        attachments: [],
      });
    },

    /**
     * Claims one automatic reply to `sender` for `messageId` against the per-sender limit shared by
     * all threads (the orchestrator store). Idempotent: a retry for the same message gets the same
     * answer, so a reply is never both refused and sent.
     */
    async claimAutoReplySlot(input: AutoReplyClaim): Promise<{ granted: boolean }> {
      return store.claimAutoReplySlot(parseInput('claimAutoReplySlot', claimAutoReplySchema, input), now());
    },

    /** Records that the thread handled a message; a retry of the same activity updates its row. */
    async recordHandledMessage(input: RecordHandledInput): Promise<{ attempts: number }> {
      const record = parseInput('recordHandledMessage', recordHandledSchema, input);
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
