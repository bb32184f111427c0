import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { AgentReplyInput, AgentReplyReceipt, AgentReplyState, AnyFlowState } from '@org/orchestrator-contracts';
import { DECISION_CHANNELS, submitAgentReplyUpdate } from '@org/orchestrator-contracts';
import { DECISION_VIA_PATCH, isPatched } from '@org/orchestrator-thread-kit';
import { validateAgentReply } from '../agent-reply';

/** Where the support flow keeps the reply it waits for: `flowState.agentReply`. */
export interface AgentReplySlot {
  agentReply?: AgentReplyState;
}

/** A thread's agent-reply slot: a support thread's state after its first turn, else an empty one (nothing awaited). */
export function agentReplySlot(state: AnyFlowState): AgentReplySlot {
  return state.step !== undefined && 'turns' in state ? state : {};
}

/**
 * Registers `submitAgentReply`. The validator accepts a reply only while the thread waits for
 * one, only from a known agent, only if it is non-empty, and when `admit` lets it; the handler records it (the support
 * flow sends it) and answers with the Message-ID the customer will receive it under.
 */
export function setAgentReplyHandler(slot: () => AgentReplySlot, outboundMessageIdFor: (step: string) => string, admit: () => void): void {
  const waiting = () => {
    const pending = slot().agentReply;
    if (!pending || pending.status !== 'awaiting') {
      throw ApplicationFailure.create({ type: 'NoAgentReplyAwaited', message: 'this thread is not waiting for an agent reply', nonRetryable: true });
    }
    return pending;
  };
  const validated = (input: AgentReplyInput) => {
    const pending = waiting();
    const result = validateAgentReply(input, pending.agents);
    if (!result.ok) {
      throw ApplicationFailure.create({
        type: 'InvalidAgentReply',
        message: `invalid agent reply: ${result.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
        nonRetryable: true,
        details: [result.issues],
      });
    }
    return { pending, value: result.value };
  };
  setHandler(
    submitAgentReplyUpdate,
    (input: AgentReplyInput): AgentReplyReceipt => {
      const { pending, value } = validated(input);
      const acceptedAt = new Date().toISOString();
      const outboundMessageId = outboundMessageIdFor(`agent-reply:${pending.forMessageId}`);
      // `via` is not part of the support desk's reply check: take it from the input, if it is one of ours.
      const via = DECISION_CHANNELS.find((c) => c === input.via);
      const channel = via && isPatched(DECISION_VIA_PATCH) ? { via } : {};
      Object.assign(pending, { status: 'received', agent: value.agent, reply: value.reply, acceptedAt, replyMessageId: outboundMessageId, ...channel });
      return { agent: value.agent, replyMessageId: outboundMessageId, acceptedAt, ...channel };
    },
    {
      validator: (input: AgentReplyInput) => {
        admit();
        validated(input);
      },
    },
  );
}
