import type { FlowName, RoutedState } from '@org/orchestrator-contracts';
import type { ReplyKind } from '@org/orchestrator-activities';
import { sendReply, threadLanguage } from '@org/orchestrator-thread-kit';
import type { ThreadFlow } from '@org/orchestrator-thread-kit';
import { replyOnceText } from './reply-once-messages';

/**
 * Replies once per thread (an acknowledgement, or a holding reply) and records later
 * messages without replying: one automatic reply per thread, so two auto-responders
 * can never loop. The reply is in the thread's language (see ./language.ts).
 */
export function replyOnceFlow(name: FlowName, kind: ReplyKind): ThreadFlow<RoutedState> {
  return {
    name,
    async handleMessage(message, context) {
      if (context.state.replied === true) return { action: 'recorded' };
      const { messageId } = await sendReply({
        replyMessageId: context.outboundMessageId(`${kind}:${message.messageId}`),
        flow: name,
        message,
        text: replyOnceText(kind, name, message.from.name, threadLanguage(context.state)),
      });
      context.state.replied = true;
      return { action: kind === 'holding' ? 'holding-reply' : 'acknowledged', replyMessageId: messageId };
    },
  };
}
