import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import type { Procurement } from './flow-fixtures';
import { QUOTE_DECLINE, QUOTE_PROSE, QUOTE_TABLE, REQUEST_TEXT, dated, deliver, email, sentTo, supplierReply, waitForState } from './flow-fixtures';
import type { FlowHarness } from './flow-suite';

// The steps of a procurement thread that many tests walk through before the part they test, on
// the test worker's seeded supplier directory (Northwind IT, Contoso Computing, Fabrikam Displays).

const HOUR = 3_600_000;
type Rfqs = Procurement['rfqs'];

/** `text` with its dates relative to the server's clock (see {@link dated}). */
export async function nowDated(env: TestWorkflowEnvironment, text: string): Promise<string> {
  return dated(text, await env.currentTimeMs());
}

/**
 * Delivers Alice's purchase request (`text`, dated by the server's clock; `overrides` change the
 * email) and waits until one RFQ per matching supplier is in the state and sent.
 */
export async function requestQuotes(
  env: TestWorkflowEnvironment,
  h: FlowHarness,
  threadId: string,
  text = REQUEST_TEXT,
  overrides: Partial<EmailMessageInput> = {},
): Promise<Rfqs> {
  await deliver(env, h.taskQueue, email(threadId, { text: await nowDated(env, text), ...overrides }));
  const { flowState } = await waitForState<Procurement>(
    env,
    threadId,
    (s) => Object.keys(s.rfqs ?? {}).length > 0 && sentTo(h.sent(), '@').length >= Object.keys(s.rfqs).length,
  );
  return flowState.rfqs;
}

/** Waits until each RFQ child has read a quote (the child answers the thread-state query too). */
export async function quoted(env: TestWorkflowEnvironment, ...rfqs: { rfqMessageId: string }[]): Promise<void> {
  for (const rfq of rfqs) await waitForState<{ status: string }>(env, rfq.rfqMessageId, (s) => s.status === 'quoted');
}

/**
 * The suppliers answer as usual: Northwind's table (5716 EUR), Contoso's prose (5420 EUR, the best)
 * and Fabrikam's refusal; waits until both quotes are read, then lets the correction window pass.
 */
export async function usualQuotes(env: TestWorkflowEnvironment, h: FlowHarness, rfqs: Rfqs): Promise<void> {
  const now = await env.currentTimeMs();
  await deliver(env, h.taskQueue, supplierReply(rfqs['northwind-it'], dated(QUOTE_TABLE, now)));
  await deliver(env, h.taskQueue, supplierReply(rfqs['contoso-computing'], dated(QUOTE_PROSE, now)));
  await deliver(env, h.taskQueue, supplierReply(rfqs['fabrikam-displays'], QUOTE_DECLINE));
  await quoted(env, rfqs['northwind-it'], rfqs['contoso-computing']);
  await env.sleep(2 * HOUR); // past the correction window
}

/** The request and the usual quotes: the thread's state once the purchase awaits approval. */
export async function awaitingApproval(env: TestWorkflowEnvironment, h: FlowHarness, threadId: string): Promise<Procurement> {
  await usualQuotes(env, h, await requestQuotes(env, h, threadId));
  return (await waitForState<Procurement>(env, threadId, (s) => s.approval?.status === 'pending')).flowState;
}
