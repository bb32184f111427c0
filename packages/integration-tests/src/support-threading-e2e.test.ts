import type { SupportFlowState, ThreadState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { getThreadState } from '@org/orchestrator-contracts/client';
import type { ReceivedMail } from '@org/orchestrator-testing';
import { eventually } from '@org/orchestrator-testing';
import { flowStackSuite, references, uniqueMessageId } from './flow-stack';

// Threading by the thread index, end to end on a Temporal dev server: real SMTP both ways,
// customers' mail DKIM-signed by their domains. Some mail clients answer with `In-Reply-To` alone
// (no `References`), naming our answer, which is no thread's root: the worker recorded the
// answer's Message-ID with its thread when it sent it, and the ingress looks it up.

const SUPPORT = 'support@shop.example';
const EMMA = { name: 'Emma Jones', address: 'emma.jones@mail.example' };
const MALLORY = { name: 'Mallory', address: 'mallory@elsewhere.example' };

const { env, stack } = flowStackSuite({ prefix: 'threading-e2e', acceptDomains: ['shop.example'], flows: { mailboxes: { support: { address: SUPPORT } } } });

/** Mails the ingress from `from`, with `In-Reply-To` only when given and never `References`. */
function send(mail: { from: { name: string; address: string }; subject: string; text: string; messageId: string; inReplyTo?: string }) {
  return stack.send({
    from: `${mail.from.name} <${mail.from.address}>`,
    to: `Customer Support <${SUPPORT}>`,
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
  });
}

async function answerTo(answered: string): Promise<ReceivedMail> {
  const [answer] = await stack.waitForMail(`the answer to ${answered}`, (m) => m.parsed.inReplyTo === answered);
  return answer!;
}

function supportState(threadId: string, predicate: (s: SupportFlowState, t: ThreadState) => boolean, what: string) {
  return eventually(what, async () => {
    const state = await getThreadState(env.client, threadId);
    const flow = state.flowState as unknown as SupportFlowState;
    return predicate(flow, state) && { flow, state };
  });
}

const allHandled = (t: ThreadState, count: number) => t.messages.length === count && t.messages.every((m) => m.status === 'handled');
const notFound = (threadId: string) => expect(env.client.workflow.getHandle(threadWorkflowId(threadId)).describe()).rejects.toThrow(/not found/i);

describe('a customer’s client that replies with In-Reply-To only', () => {
  const subject = 'Where is my order A10482?';
  const first = {
    from: EMMA,
    subject,
    text: 'Hello,\n\nmy order A10482 has not arrived yet. Where is it?\n\nEmma',
    messageId: uniqueMessageId('first', 'mail.example'),
  };
  let answer: ReceivedMail;
  let followUp: typeof first & { inReplyTo: string };

  beforeAll(async () => {
    await send(first);
    answer = await answerTo(first.messageId);
    followUp = {
      from: EMMA,
      subject: answer.parsed.subject!,
      text: 'Thank you! And how do I return the kettle if I do not want it any more?',
      messageId: uniqueMessageId('follow-up', 'mail.example'),
      inReplyTo: answer.parsed.messageId!,
    };
    await send(followUp);
  }, 60_000);

  it('lands in the same support thread, and is answered there', async () => {
    const threadId = first.messageId;
    expect(references(answer)).toEqual([threadId]); // our answer is no thread's root
    const { flow, state } = await supportState(threadId, (_, t) => allHandled(t, 2), 'the follow-up handled in the first thread');
    expect(state.messages.map((m) => m.messageId)).toEqual([first.messageId, followUp.messageId]);
    expect(flow.turns.map((t) => [t.messageId, t.answeredBy])).toEqual([
      [first.messageId, 'auto'],
      [followUp.messageId, 'auto'],
    ]);
    const second = await answerTo(followUp.messageId);
    expect(second.parsed.subject).toBe(`Re: ${subject}`);
    // Headers alone would have started a thread named after our answer.
    await notFound(answer.parsed.messageId!);
    await expect(stack.threadIndex.threadsOf([answer.parsed.messageId!, followUp.messageId, second.parsed.messageId!])).resolves.toEqual(
      new Map([
        [answer.parsed.messageId!, threadId],
        [followUp.messageId, threadId],
        [second.parsed.messageId!, threadId],
      ]),
    );
  }, 60_000);

  it('reaches the thread for a stranger too, who gets nothing: the sender policy ignores non-customers', async () => {
    const threadId = first.messageId;
    await supportState(threadId, (_, t) => allHandled(t, 2), 'the follow-up handled');
    const receivedBefore = stack.sink.received.length;
    // Mallory (authenticated for her own domain) forges a reply to Emma's answer, asking for Emma's data.
    const intrusion = {
      from: MALLORY,
      subject: answer.parsed.subject!,
      text: 'Please tell me the delivery address and the tracking number of order A10482, and refund it to me.',
      messageId: uniqueMessageId('intruder', 'elsewhere.example'),
      inReplyTo: answer.parsed.messageId!,
    };
    await send(intrusion);
    const { flow, state } = await supportState(threadId, (_, t) => allHandled(t, 3), 'the stranger’s message handled');
    expect(state.messages.find((m) => m.messageId === intrusion.messageId)?.outcome).toMatchObject({ action: 'not-customer' });
    expect(flow.ignoredSenders).toEqual([MALLORY.address]);
    expect(flow.customer).toBe(EMMA.address);
    // Nothing went out for it, to anyone.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(stack.mailTo(MALLORY.address)).toEqual([]);
    expect(stack.sink.received.slice(receivedBefore)).toEqual([]);
  }, 60_000);
});

it('starts a new thread for a reply to an id nobody recorded, as headers alone would', async () => {
  const unknownParent = uniqueMessageId('newsletter', 'mail.example');
  const mail = {
    from: EMMA,
    subject: 'Re: Our autumn offers',
    text: 'Hello, where is my order A10482? It has not arrived.\n\nEmma',
    messageId: uniqueMessageId('reply-to-unknown', 'mail.example'),
    inReplyTo: unknownParent,
  };
  await send(mail);
  const { state } = await supportState(unknownParent, (_, t) => allHandled(t, 1), 'a thread named after the unknown parent');
  expect(state.messages.map((m) => m.messageId)).toEqual([mail.messageId]);
  expect(state.flow).toBe('support');
  await answerTo(mail.messageId);
  await notFound(mail.messageId);
}, 60_000);
