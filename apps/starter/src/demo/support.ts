import { join } from 'node:path';
import type { EmailAddress, EmailMessageInput, SupportFlowState, SupportTurn, ThreadState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { completeThread, decideApproval, submitAgentReply, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { CliError } from '../errors';
import { DEFAULT_SAMPLES_DIR } from '../paths';
import { isAlreadyCompleted } from '../temporal-errors';
import { sendUpdate } from '../updates';
import type { DemoRun } from './run';
import { clockTime, oneLine, pollThread, remainingMs, withinDeadline } from './run';
import { readSampleTexts } from './sample-texts';

/** The texts the support demo sends, `samples/support/<name>.txt`. */
export const SUPPORT_TEXTS = ['emma-1-order-status', 'emma-2-return', 'emma-3-thanks', 'peter-complaint', 'agent-reply'] as const;
export type SupportTexts = Record<(typeof SUPPORT_TEXTS)[number], string>;

export const SUPPORT_ADDRESS: EmailAddress = { address: 'support@orchestrator.example', name: 'Customer Support' };
export const EMMA: EmailAddress = { address: 'emma.jones@mail.example', name: 'Emma Jones' };
export const PETER: EmailAddress = { address: 'p.hall@mail.example', name: 'Peter Hall' };

/** One conversation the demo holds: a customer's messages, in order, each sent after the previous was answered. */
interface Conversation {
  customer: EmailAddress;
  subject: string;
  messages: string[];
  /** What a human agent answers if the thread waits for one. */
  agentReply: string;
}

export interface SupportTurnResult {
  messageId: string;
  /** The customer's words, on one line. */
  text: string;
  intent: string;
  answeredBy: SupportTurn['answeredBy'] | null;
  agent?: string;
  replyMessageId: string;
  answerExcerpt: string;
  /** Why the answer was not sent automatically. */
  refusals?: string[];
  /** What the demo did for this turn: answered as a human agent, approved a refund. */
  demoActions: string[];
}

export interface SupportThreadResult {
  threadId: string;
  workflowId: string;
  url: string;
  customer: string;
  turns: SupportTurnResult[];
  ticket: { id: string; assignee: string; reason: string } | null;
  /** From the thread's summary once completed. */
  reason: string | null;
  messagesHandled: number;
  actions: string[];
}

/** Reads the texts before connecting, so a missing sample fails with nothing sent. */
export function readSupportTexts(dir = join(DEFAULT_SAMPLES_DIR, 'support')): Promise<SupportTexts> {
  return readSampleTexts(dir, SUPPORT_TEXTS);
}

/**
 * The support flow end to end: Emma's three-turn conversation (answered automatically), then
 * Peter's complaint, which waits for a human and is answered as the ticket's assignee; then both
 * threads are completed and summarised. Whatever a thread waits for (an agent reply, a refund
 * approval) the demo provides, and says so.
 */
export async function runSupportDemo(run: DemoRun, texts: SupportTexts, uiUrl: (workflowId: string) => string): Promise<SupportThreadResult[]> {
  const conversations: Conversation[] = [
    {
      customer: EMMA,
      subject: 'Where is my order A10482?',
      messages: [texts['emma-1-order-status'], texts['emma-2-return'], texts['emma-3-thanks']],
      // Only if a policy sends Emma's messages to a person: the sample answer is Peter's.
      agentReply: 'Dear Emma,\n\nthank you for your message. I have looked into it and will keep you posted.\n\nKind regards,\nCustomer Support',
    },
    { customer: PETER, subject: 'Worst service ever', messages: [texts['peter-complaint']], agentReply: texts['agent-reply'] },
  ];
  const held: { threadId: string; customer: EmailAddress; turns: SupportTurnResult[]; ticket: SupportFlowState['ticket'] }[] = [];
  for (const conversation of conversations) {
    held.push(await converse(run, conversation));
  }

  run.log(`Completing ${held.length} threads...`);
  for (const thread of held) {
    await completeThread(run.client, thread.threadId, { reason: 'demo finished', requestedBy: 'orchestrator demo support' }).catch((error: unknown) => {
      if (!isAlreadyCompleted(error)) throw error; // closed by itself (customer silence): its summary is there
    });
  }
  const results: SupportThreadResult[] = [];
  for (const thread of held) {
    const summary = await withinDeadline(run, `thread ${thread.threadId} to complete`, () => waitForThreadSummary(run.client, thread.threadId));
    results.push({
      threadId: thread.threadId,
      workflowId: threadWorkflowId(thread.threadId),
      url: uiUrl(threadWorkflowId(thread.threadId)),
      customer: thread.customer.address,
      turns: thread.turns,
      ticket: thread.ticket ? { id: thread.ticket.id, assignee: thread.ticket.assignee, reason: thread.ticket.reason } : null,
      reason: summary.reason ?? null,
      messagesHandled: summary.handled.length,
      actions: summary.handled.map((h) => h.outcome.action),
    });
  }
  return results;
}

/** Delivers each message of `conversation` once the previous one was answered, providing what the thread waits for. */
async function converse(run: DemoRun, conversation: Conversation) {
  const { customer } = conversation;
  const domain = customer.address.split('@')[1] ?? 'mail.example';
  const threadId = `<${run.newId()}@${domain}>`;
  run.log('');
  run.log(`Support thread ${threadId} (${customer.name} <${customer.address}>)`);
  const turns: SupportTurnResult[] = [];
  /** The last message of the thread: the customer's next one replies to it. */
  let parent: { messageId: string; references: string[] } | undefined;
  let ticket: SupportFlowState['ticket'];
  for (const [index, text] of conversation.messages.entries()) {
    const messageId = index === 0 ? threadId : `<${run.newId()}@${domain}>`;
    const message: EmailMessageInput = {
      messageId,
      threadId,
      from: customer,
      to: [SUPPORT_ADDRESS],
      subject: index === 0 ? conversation.subject : `Re: ${conversation.subject}`,
      text,
      receivedAt: run.now().toISOString(),
      references: parent ? [...parent.references, parent.messageId] : [],
      ...(parent ? { inReplyTo: parent.messageId } : {}),
    };
    await run.deliver(message);
    run.log(`  ${index + 1}. ${customer.name}: "${oneLine(text)}"`);

    const demoActions: string[] = [];
    const answered = await pollThread(run, threadId, `the answer to ${customer.name}'s message ${index + 1}`, (state) =>
      answerOrAct(run, state, messageId, conversation, demoActions),
    );
    ticket = (answered.state.flowState as unknown as SupportFlowState).ticket ?? ticket;
    const { turn } = answered;
    const by = turn.answeredBy === 'agent' ? `by agent ${turn.agent ?? '?'}` : 'automatically';
    run.log(`     answered ${by} (${turn.intent}): "${oneLine(turn.answerExcerpt ?? '', 160)}"`);
    turns.push({
      messageId,
      text: oneLine(text, 200),
      intent: turn.intent,
      answeredBy: turn.answeredBy ?? null,
      ...(turn.agent ? { agent: turn.agent } : {}),
      replyMessageId: turn.replyMessageId as string,
      answerExcerpt: turn.answerExcerpt ?? '',
      ...(turn.refusals?.length ? { refusals: turn.refusals } : {}),
      demoActions,
    });
    parent = { messageId: turn.replyMessageId as string, references: message.references?.length ? [...message.references, messageId] : [messageId] };
  }
  return { threadId, customer, turns, ticket };
}

/**
 * One look at the thread while a message waits for its answer: the answered turn, or `undefined`
 * after providing what the thread waits for (an agent reply as the ticket's assignee, a refund
 * approval as the first approver). Fails when the message was handled without an answer.
 */
async function answerOrAct(
  run: DemoRun,
  state: ThreadState,
  messageId: string,
  conversation: Conversation,
  demoActions: string[],
): Promise<{ turn: SupportTurn; state: ThreadState } | undefined> {
  const flow = state.flowState as unknown as Partial<SupportFlowState>;
  const turn = flow.turns?.find((t) => t.messageId === messageId);
  if (turn?.replyMessageId) return { turn, state };
  const record = state.messages.find((m) => m.messageId === messageId);
  if (record?.status === 'handled') {
    throw new CliError(
      `thread ${state.threadId} handled message ${messageId} without answering it (${record.outcome?.flow ?? '?'}: ${record.outcome?.action ?? '?'})`,
    );
  }
  if (flow.step === 'awaiting-agent' && flow.agentReply?.status === 'awaiting' && flow.agentReply.forMessageId === messageId && flow.ticket) {
    const { id, assignee, reason } = flow.ticket;
    run.log(`     needs a person: ticket ${id} for ${assignee} (${reason}); first response due ${flow.sla ? clockTime(flow.sla.deadline) : '?'}`);
    run.log(`     answering as ${assignee} (what "orchestrator reply" does)...`);
    const receipt = await sendUpdate(run.client, state.threadId, { timeoutMs: remainingMs(run), taskQueue: run.config.taskQueue, what: 'agent reply' }, () =>
      submitAgentReply(run.client, state.threadId, { agent: assignee, reply: conversation.agentReply }),
    );
    demoActions.push(`answered as ${receipt.agent}`);
    return undefined;
  }
  if (flow.step === 'awaiting-approval' && flow.approval?.subject === 'refund' && flow.approval.status === 'pending') {
    const approver = flow.approval.approvers[0] as string;
    run.log(`     the refund needs approval (${flow.approval.reason}); approving as ${approver}...`);
    await sendUpdate(run.client, state.threadId, { timeoutMs: remainingMs(run), taskQueue: run.config.taskQueue, what: 'refund approval' }, () =>
      decideApproval(run.client, state.threadId, 'approveRefund', { approver, comment: 'Approved in the orchestrator demo' }),
    );
    demoActions.push(`approved the refund as ${approver}`);
    return undefined;
  }
  return undefined;
}

/** The readable report of {@link runSupportDemo}, one block per thread. */
export function formatSupportResults(results: SupportThreadResult[]): string {
  const blocks = results.map((thread) => {
    const lines = [`Support thread ${thread.threadId} (${thread.customer})`];
    for (const [index, turn] of thread.turns.entries()) {
      const by = turn.answeredBy === 'agent' ? `by agent ${turn.agent ?? '?'}` : turn.answeredBy === 'auto' ? 'automatically' : '(by whom unknown)';
      lines.push(`  ${index + 1}. ${turn.intent}, answered ${by}: "${oneLine(turn.answerExcerpt, 90)}"`);
      if (turn.refusals?.length) lines.push(`     not automatic: ${turn.refusals.join('; ')}`);
    }
    if (thread.ticket) lines.push(`  ticket    ${thread.ticket.id}, assigned to ${thread.ticket.assignee}`);
    const messages = `${thread.messagesHandled} message${thread.messagesHandled === 1 ? '' : 's'}`;
    lines.push(`  completed ${thread.reason ?? '(no reason)'}; ${messages} handled (${thread.actions.join(', ')})`);
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}
