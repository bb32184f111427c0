import type { EmailMessage, Routing, SupportFlowState } from '@org/orchestrator-contracts';
import type { SupportConfig } from '../config';
import { agentsFor } from '@org/orchestrator-thread-kit';
import type { FlowContext } from '@org/orchestrator-thread-kit';

/**
 * How a customer message was classified. The first message was classified when routing; later ones
 * are classified here, by their own words: a reply's subject is the thread's ("Re: Where is my
 * order?"), not what the reply is about.
 */
export async function turnRouting(message: EmailMessage, context: FlowContext, state: SupportFlowState): Promise<Routing> {
  if (state.turns.length === 0 && state.routing) return state.routing;
  const { usage, ...routing } = await agentsFor(context.flowConfig).classifyThread({ threadId: context.threadId, message: { ...message, subject: '' } });
  context.recordAgentUsage(usage);
  return routing;
}

/** Keeps the carried conversation small: older turns become a summary once it grows long. */
export async function foldLongConversation(context: FlowContext, state: SupportFlowState, config: SupportConfig): Promise<void> {
  if (state.turns.length <= config.summarizeAfterTurns) return;
  const keep = 2;
  const older = state.turns.slice(0, -keep);
  const { output, usage } = await agentsFor(context.flowConfig).summarizeThread({
    messages: [
      ...(state.summary
        ? [{ subject: 'Earlier conversation', text: state.summary, from: { address: 'summary@orchestrator.local' }, receivedAt: older[0].at }]
        : []),
      ...older.map((t) => ({
        subject: t.intent,
        text: `${t.excerpt}${t.answerExcerpt ? `\n\nOur answer: ${t.answerExcerpt}` : ''}`,
        from: { address: state.customer },
        receivedAt: t.at,
      })),
    ],
  });
  context.recordAgentUsage(usage);
  state.summary = output.summary;
  state.turns = state.turns.slice(-keep);
}
