import { join } from 'node:path';
import type {
  ApprovalState,
  EmailAddress,
  EmailMessageInput,
  ProcurementFlowState,
  ProcurementOutcome,
  RfqState,
  RfqThreadState,
  ThreadState,
} from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import { CliError } from '../errors';
import { DEFAULT_SAMPLES_DIR } from '../paths';
import { sendUpdate } from '../updates';
import type { DemoRun } from './run';
import { clockTime, money, pollThread, remainingMs, withinDeadline } from './run';
import { dated, readSampleTexts } from './sample-texts';

/** The texts the procurement demo sends, `samples/procurement/<name>.txt`. */
export const PROCUREMENT_TEXTS = ['request', 'quote-table', 'quote-prose', 'decline'] as const;
export type ProcurementTexts = Record<(typeof PROCUREMENT_TEXTS)[number], string>;

export const REQUESTER: EmailAddress = { address: 'alice.martin@acme-industries.example', name: 'Alice Martin' };
export const PURCHASING: EmailAddress = { address: 'purchasing@orchestrator.example', name: 'Purchasing' };
const SUBJECT = 'Purchase request: laptops and monitors';

type ReplyKind = Exclude<keyof ProcurementTexts, 'request'>;

/** Which reply each seeded supplier sends; any other supplier sends the quote table. */
const REPLY_OF: Record<string, ReplyKind> = {
  'northwind-it': 'quote-table',
  'contoso-computing': 'quote-prose',
  'fabrikam-displays': 'decline',
};
const REPLY_KIND: Record<ReplyKind, string> = {
  'quote-table': 'a quote as a table',
  'quote-prose': 'a quote in prose',
  decline: 'a decline',
};

/** Steps after the comparison: waiting for a person, ordering, or done. */
const AFTER_COMPARISON = new Set<string>(['awaiting-approval', 'ordering', 'completed']);

/** The RFQ child's own state, answered by its thread-state query (possibly from an older worker: read defensively). */
type RfqChildView = Partial<RfqThreadState>;

export interface ProcurementSupplierResult {
  supplierId: string;
  name: string;
  email: string;
  rfqMessageId: string;
  /** The reply the demo sent. */
  replied: string;
  status: RfqState['status'];
  total: number | null;
  currency: string | null;
}

/** What `demo procurement` prints (and its `--json` output). */
export interface ProcurementDemoResult {
  threadId: string;
  workflowId: string;
  url: string;
  requester: string;
  suppliers: ProcurementSupplierResult[];
  best: { supplierId: string; name: string; total: number; currency: string | null } | null;
  approval: { status: ApprovalState['status']; amount: number; currency: string; reason: string; approver?: string; comment?: string } | null;
  /** True when the policy approved the order without a person. */
  approvedAutomatically: boolean;
  purchaseOrder: { number: string; document: string; supplierId: string; total: number; currency: string } | null;
  outcome: ProcurementOutcome | null;
  /** The thread's completion reason, e.g. `procurement ordered`. */
  reason: string | null;
}

/** Reads the texts before connecting, so a missing sample fails with nothing sent. */
export function readProcurementTexts(dir = join(DEFAULT_SAMPLES_DIR, 'procurement')): Promise<ProcurementTexts> {
  return readSampleTexts(dir, PROCUREMENT_TEXTS);
}

/**
 * The procurement flow end to end: a purchase request, one reply per RFQ (quote table, quote in
 * prose, decline), the approval as the first approver, and the purchase order.
 */
export async function runProcurementDemo(
  run: DemoRun,
  texts: ProcurementTexts,
  uiUrl: (workflowId: string) => string,
  options: { leavePending?: boolean } = {},
): Promise<ProcurementDemoResult> {
  const now = run.now();
  const threadId = `<purchase-request.${run.newId()}@acme-industries.example>`;
  const request: EmailMessageInput = {
    messageId: threadId,
    threadId,
    from: REQUESTER,
    to: [PURCHASING],
    subject: SUBJECT,
    text: dated(texts.request, now),
    receivedAt: now.toISOString(),
    references: [],
  };
  await run.deliver(request);
  run.log(`Delivered a purchase request from ${REQUESTER.name} <${REQUESTER.address}>: thread ${threadId}`);

  // 1. The RFQs: one child workflow per supplier, each its own thread (the RFQ's Message-ID).
  run.log('Waiting for the requests for quotation to go out...');
  const rfqs = await pollThread(run, threadId, 'the requests for quotation', (state) => rfqsSent(flow(state)));
  for (const rfq of Object.values(rfqs)) {
    // Its reply is delivered by thread id: the child must exist first, or the reply would start a thread of its own.
    await pollThread(run, rfq.rfqMessageId, `the RFQ to ${rfq.supplierName} to start`, () => true);
    run.log(`  RFQ to ${rfq.supplierName} <${rfq.supplierEmail}>: thread ${rfq.rfqMessageId}`);
  }

  // 2. One reply per supplier, threaded under its RFQ.
  const replies = new Map<string, { messageId: string; kind: ReplyKind }>();
  for (const rfq of Object.values(rfqs)) {
    const kind = REPLY_OF[rfq.supplierId] ?? 'quote-table';
    const reply = supplierReply(rfq, dated(texts[kind], run.now()), run);
    await run.deliver(reply);
    replies.set(rfq.supplierId, { messageId: reply.messageId, kind });
    run.log(`Delivered ${REPLY_KIND[kind]} from ${rfq.supplierName}, in reply to its RFQ`);
  }

  // 3. Each RFQ reads its reply.
  const children = new Map<string, RfqChildView>();
  for (const rfq of Object.values(rfqs)) {
    const { messageId } = replies.get(rfq.supplierId) as { messageId: string };
    const child = await pollThread(run, rfq.rfqMessageId, `the reply from ${rfq.supplierName} to be read`, (state) =>
      state.messages.some((m) => m.messageId === messageId && m.status === 'handled') ? (state.flowState as RfqChildView) : undefined,
    );
    children.set(rfq.supplierId, child);
    run.log(`  ${rfq.supplierName}: ${describeChild(child)}`);
  }

  // 4. The RFQs close (the correction window after a quote, or the quote deadline), the parent compares.
  const closesAt = Math.max(
    ...[...children.values()].map((c) => (c.status === 'declined' ? 0 : Date.parse((c.status === 'quoted' ? c.settleAt : c.deadline) ?? '') || 0)),
  );
  run.log(
    `Waiting for the RFQs to close${closesAt > 0 ? ` (until ${clockTime(new Date(closesAt).toISOString())})` : ''}: a quote may be corrected during the worker's ` +
      'PROCUREMENT_CORRECTION_WINDOW (default 1h); an RFQ without a readable quote waits for the quote deadline (PROCUREMENT_QUOTE_WINDOW, default 5d).',
  );
  if (closesAt > run.deadline) {
    throw new CliError(
      `the RFQs close at ${clockTime(new Date(closesAt).toISOString())}, after this demo's --timeout of ${run.timeoutS}s. ` +
        'Run the worker with short windows (PROCUREMENT_CORRECTION_WINDOW=3s PROCUREMENT_QUOTE_WINDOW=2m, as `npm run demo` does) or raise --timeout. ' +
        `The thread ${threadId} carries on without the demo.`,
    );
  }
  const compared = await pollThread(run, threadId, 'the quotes to be compared', (state) => {
    const current = flow(state);
    return AFTER_COMPARISON.has(current.step) ? current : undefined;
  });
  const best = compared.comparison?.best;
  if (best) {
    const ranked = compared.comparison?.ranking.find((r) => r.supplierId === best);
    run.log(`Best quote: ${compared.rfqs[best]?.supplierName ?? best}, ${money(ranked?.total, ranked?.currency ?? compared.comparison?.currency)}`);
  }

  // 5. The approval, when the policy asks a person.
  if (compared.step === 'awaiting-approval' && compared.approval?.status === 'pending') {
    const approval = compared.approval;
    const approver = approval.approvers[0] as string;
    if (options.leavePending) {
      run.log(`Approval needed: ${money(approval.amount, approval.currency)} (${approval.reason}). Left pending for ${approver}.`);
      return result(threadId, compared, null, replies, uiUrl(threadWorkflowId(threadId)));
    }
    run.log(`Approval needed: ${money(approval.amount, approval.currency)} (${approval.reason}). Approving as ${approver}...`);
    const decision = await sendUpdate(run.client, threadId, { timeoutMs: remainingMs(run), taskQueue: run.config.taskQueue, what: 'approval' }, () =>
      decideApproval(run.client, threadId, 'approvePurchase', { approver, comment: 'Approved in the orchestrator demo' }),
    );
    run.log(`  ${decision.decision} by ${decision.approver} at ${decision.decidedAt}`);
  } else if (compared.step === 'ordering' || compared.outcome === 'ordered') {
    run.log('Approved automatically by policy (below the approval limit).');
  }

  // 6. The purchase order; the thread completes by itself.
  run.log('Waiting for the purchase order and the thread to complete...');
  const summary = await withinDeadline(run, `procurement thread ${threadId} to complete`, () => waitForThreadSummary(run.client, threadId));
  const final = flow(await withinDeadline(run, `the final state of thread ${threadId}`, () => getThreadState(run.client, threadId)));
  return result(threadId, final, summary.reason ?? null, replies, uiUrl(threadWorkflowId(threadId)));
}

function flow(state: ThreadState): ProcurementFlowState {
  return state.flowState as unknown as ProcurementFlowState;
}

/** The RFQs, once every supplier found has one; fails when the flow took another turn. */
function rfqsSent(state: ProcurementFlowState): Record<string, RfqState> | undefined {
  if (state.step === 'awaiting-information') {
    throw new CliError(
      `the purchase request was read as incomplete (missing: ${state.request?.missing.join(', ') ?? '?'}); the thread asked the requester for details`,
    );
  }
  if (state.step === 'completed') throw new CliError(`the procurement ended before asking for quotes: ${state.outcome ?? 'no outcome'}`);
  if (state.step === 'needs-human') {
    throw new CliError(
      `the purchase request was held for a human (${state.heldFor ?? 'unknown reason'}): send it as signed mail through the ingress ` +
        `(--smtp, --signing-keys) and run the worker with PROCUREMENT_REQUESTER_DOMAINS=${REQUESTER.address.split('@')[1]}, as \`npm run demo\` does`,
    );
  }
  const rfqs = state.rfqs ?? {};
  return state.step !== 'extracting' && Object.keys(rfqs).length > 0 ? rfqs : undefined;
}

/** A supplier's reply to its RFQ: threaded under the RFQ's Message-ID, which is the child's thread id. */
function supplierReply(rfq: RfqState, text: string, run: DemoRun): EmailMessageInput {
  const domain = rfq.supplierEmail.split('@')[1] ?? 'supplier.example';
  return {
    messageId: `<quote.${run.newId()}@${domain}>`,
    threadId: rfq.rfqMessageId,
    from: { address: rfq.supplierEmail, name: rfq.supplierName },
    to: [PURCHASING],
    subject: 'Re: Request for quotation: laptops, monitors',
    text,
    inReplyTo: rfq.rfqMessageId,
    references: [rfq.rfqMessageId],
    receivedAt: run.now().toISOString(),
  };
}

function describeChild(child: RfqChildView): string {
  switch (child.status) {
    case 'quoted':
      return `quoted ${money(child.quote?.total, child.quote?.currency)}${child.settleAt ? `; corrections accepted until ${clockTime(child.settleAt)}` : ''}`;
    case 'declined':
      return `declined${child.quote?.declineReason ? ` (${child.quote.declineReason})` : ''}`;
    default:
      return `reply not readable as a quote (status ${child.status ?? 'unknown'}); the RFQ asked for clarification and stays open until the quote deadline`;
  }
}

function result(
  threadId: string,
  state: ProcurementFlowState,
  reason: string | null,
  replies: Map<string, { kind: ReplyKind }>,
  url: string,
): ProcurementDemoResult {
  const rfqs = Object.values(state.rfqs ?? {});
  const bestId = state.comparison?.best;
  const bestRanked = state.comparison?.ranking.find((r) => r.supplierId === bestId);
  const approval = state.approval;
  const po = state.purchaseOrder;
  return {
    threadId,
    workflowId: threadWorkflowId(threadId),
    url,
    requester: state.requester,
    suppliers: rfqs.map((rfq) => ({
      supplierId: rfq.supplierId,
      name: rfq.supplierName,
      email: rfq.supplierEmail,
      rfqMessageId: rfq.rfqMessageId,
      replied: REPLY_KIND[replies.get(rfq.supplierId)?.kind ?? 'quote-table'],
      status: rfq.status,
      total: rfq.quote?.status === 'quoted' ? rfq.quote.total : null,
      currency: rfq.quote?.currency ?? null,
    })),
    best:
      bestId && bestRanked
        ? { supplierId: bestId, name: state.rfqs[bestId]?.supplierName ?? bestId, total: bestRanked.total, currency: bestRanked.currency }
        : null,
    approval: approval
      ? {
          status: approval.status,
          amount: approval.amount,
          currency: approval.currency,
          reason: approval.reason,
          ...(approval.decision ? { approver: approval.decision.approver } : {}),
          ...(approval.decision?.comment ? { comment: approval.decision.comment } : {}),
        }
      : null,
    approvedAutomatically: !approval && state.outcome === 'ordered',
    purchaseOrder: po ? { number: po.number, document: po.document, supplierId: po.supplierId, total: po.total, currency: po.currency } : null,
    outcome: state.outcome ?? null,
    reason,
  };
}

/** The readable report of {@link runProcurementDemo}. */
export function formatProcurementResult(result: ProcurementDemoResult): string {
  const width = Math.max(...result.suppliers.map((s) => s.supplierId.length));
  const lines = [
    `Procurement thread ${result.threadId}`,
    `  requester       ${result.requester}`,
    '  suppliers',
    ...result.suppliers.map(
      (s) =>
        `    ${s.supplierId.padEnd(width)}  ${s.status.padEnd(9)}  ${money(s.total, s.currency).padStart(14)}${s.supplierId === result.best?.supplierId ? '  <- best' : ''}`,
    ),
    `  best            ${result.best ? `${result.best.name} (${money(result.best.total, result.best.currency)})` : '(none)'}`,
    `  approval        ${formatApproval(result)}`,
    `  purchase order  ${result.purchaseOrder ? `${result.purchaseOrder.number}, document ${result.purchaseOrder.document}` : '(none)'}`,
    `  outcome         ${result.outcome ?? '(none)'}`,
  ];
  return lines.join('\n');
}

function formatApproval(result: ProcurementDemoResult): string {
  if (result.approvedAutomatically) return 'automatic (below the approval limit)';
  const approval = result.approval;
  if (!approval) return '(none)';
  const by = approval.approver ? ` by ${approval.approver}` : '';
  return `${approval.status}${by}, ${money(approval.amount, approval.currency)}${approval.comment ? ` ("${approval.comment}")` : ''}`;
}
