import type { FlowName } from '@org/orchestrator-contracts';
import { replyOnceFlow } from './reply-once-flow';
import type { ThreadFlow } from './thread-flow';

/**
 * The flow for each routing outcome. Procurement and support acknowledge for now; their full
 * flows replace these entries. An unknown thread gets a polite holding reply.
 */
export const FLOWS: Record<FlowName, ThreadFlow> = {
  procurement: replyOnceFlow('procurement', 'acknowledgement'),
  support: replyOnceFlow('support', 'acknowledgement'),
  unknown: replyOnceFlow('unknown', 'holding'),
};
