import type { FlowName, FlowStates } from '@org/orchestrator-contracts';
import { invoiceFlow } from '@org/orchestrator-invoice-matching';
import { supportFlow } from '@org/orchestrator-support-desk';
import { procurementFlow } from '@org/orchestrator-procurement';
import { replyOnceFlow } from './reply-once-flow';
import type { ThreadFlow } from '@org/orchestrator-thread-kit';

/** A flow for each flow name, typed by that name's state. */
type FlowRegistry = { readonly [F in FlowName]: ThreadFlow<FlowStates[F]> };

/** The flow for each routing outcome. An unknown thread gets one polite holding reply. */
export const FLOWS: FlowRegistry = {
  procurement: procurementFlow,
  support: supportFlow,
  invoice: invoiceFlow,
  unknown: replyOnceFlow('unknown', 'holding'),
};

/** The flows of threads started before the business flows existed: one acknowledgement each. */
export const LEGACY_FLOWS: FlowRegistry = {
  procurement: replyOnceFlow('procurement', 'acknowledgement'),
  support: replyOnceFlow('support', 'acknowledgement'),
  // No thread of this flow predates the business flows: it never runs.
  invoice: FLOWS.invoice,
  unknown: FLOWS.unknown,
};
