import { CancellationScope, ParentClosePolicy, condition, getExternalWorkflowHandle, log, setHandler, startChild } from '@temporalio/workflow';
import type { EmailAddress, ProcurementFlowState } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import type { ProcurementConfig } from '../config';
import { executeWorkflow } from '@org/orchestrator-execute-workflow';
import type { FlowContext } from '@org/orchestrator-thread-kit';
import { isPatched } from '@org/orchestrator-thread-kit';
import { inlineProcurementSteps } from './activities';
import type { ExtractedRequest } from './request';
import type { RfqInput, RfqResult } from './rfq-workflow';
import { rfqFinishedSignal, rfqReportSignal, rfqWorkflow } from './rfq-workflow';

/**
 * The quote wait can be resumed in a later run of the thread: RFQ children outlive the run
 * (`ParentClosePolicy.ABANDON`) and report their result by signal, and the deadline is re-armed
 * from the state. Threads started before wait on the children's handles in one run, as before.
 */
export const RESUMABLE_QUOTES_PATCH = 'resumable-quotes';

/**
 * The RFQ children a run starts report their result by their completion alone (no signal, and no
 * workflow task for it on either side), unless the run continues as new while it waits: then it
 * asks the open ones to report by signal to the next run first. Children started before report by
 * signal always, as they were told.
 */
export const RFQ_REPORT_ON_REQUEST_PATCH = 'rfq-report-on-request';

/** Time the parent gives children past the quote deadline (a quote being read, a slow worker). */
const COLLECTION_GRACE_MS = 10 * 60_000;
/** After cancelling the open RFQs, how long their results (sent as they stop) are waited for. */
const CANCELLATION_GRACE_MS = 10 * 60_000;

type Supplier = { id: string; name: string; email: string };

/**
 * Step 3: one RFQ child per supplier, collected as each finishes, until the deadline (plus a
 * grace period); the ones still open then are cancelled. `resumable` (new threads): the wait may
 * suspend the handling, and {@link resumeQuotes} goes on with it in the next run.
 */
export async function collectQuotes(
  context: FlowContext,
  state: ProcurementFlowState,
  request: ExtractedRequest,
  suppliers: Supplier[],
  config: ProcurementConfig,
  from: EmailAddress,
  resumable: boolean,
): Promise<void> {
  const start = Date.now();
  const deadline = new Date(start + config.quoteWindowMs).toISOString();
  state.quoteDeadline = deadline;
  state.awaiting = { who: suppliers.map((s) => s.email), what: 'quotes', since: new Date(start).toISOString(), until: deadline };
  if (resumable) listenForQuotes(context, state);
  const scope = new CancellationScope();
  const open = new Set<string>();
  let starting = 0;
  // A child outlives the run only once it has started: the run may continue as new after that.
  const startAbandoned = async (input: RfqInput): Promise<RfqResult> => {
    starting += 1;
    const options = { workflowId: threadWorkflowId(input.rfqMessageId), args: [input] as [RfqInput], parentClosePolicy: ParentClosePolicy.ABANDON };
    const child = await startChild(rfqWorkflow, options).finally(() => (starting -= 1));
    return child.result();
  };
  // Children of a thread whose agents answer in-process read their quotes inline (the child has no configuration of its own).
  const agentsInline = context.flowConfig?.agentsInline === true && inlineProcurementSteps();
  const onRequest = resumable && isPatched(RFQ_REPORT_ON_REQUEST_PATCH);
  for (const supplier of suppliers) {
    const rfqMessageId = context.outboundMessageId(`rfq:${supplier.id}`);
    const workflowId = threadWorkflowId(rfqMessageId);
    state.rfqs[supplier.id] = {
      supplierId: supplier.id,
      supplierName: supplier.name,
      supplierEmail: supplier.email,
      workflowId,
      rfqMessageId,
      status: 'requested',
    };
    open.add(supplier.id);
    const input: RfqInput = {
      parentThreadId: context.threadId,
      rfqMessageId,
      supplier: { id: supplier.id, name: supplier.name, email: supplier.email },
      request,
      from,
      remindAt: new Date(start + config.supplierReminderAfterMs).toISOString(),
      deadline,
      correctionWindowMs: config.correctionWindowMs,
      maxClarifications: config.maxClarifications,
      ...(resumable && !onRequest ? { reportToParent: true } : {}),
      ...(agentsInline ? { agentsInline } : {}),
    };
    const result = resumable ? startAbandoned(input) : scope.run(() => executeWorkflow(rfqWorkflow, { asChild: true, workflowId, args: [input] }));
    result
      .then(
        (result) => collect(context, state, result),
        (error: unknown) => {
          if (state.rfqs[supplier.id]?.status === 'requested') state.rfqs[supplier.id].status = 'cancelled';
          log.warn('RFQ child did not finish', { supplierId: supplier.id, error: String(error) });
        },
      )
      .finally(() => open.delete(supplier.id));
  }
  if (resumable) {
    await condition(() => starting === 0);
    if (!onRequest) return awaitQuotes(context, state);
    try {
      return await awaitQuotes(context, state);
    } catch (error) {
      // The run ends before the quotes are in (continue-as-new): the next run hears from the children by signal.
      await askToReport(state);
      throw error;
    }
  }
  const collected = () => open.size === 0 || context.completionRequested;
  if (!(await condition(collected, Math.max(1, Date.parse(deadline) + COLLECTION_GRACE_MS - Date.now()))) || open.size > 0) {
    scope.cancel();
    await condition(() => open.size === 0);
  }
}

/**
 * Asks each open RFQ child to report by signal (see {@link RFQ_REPORT_ON_REQUEST_PATCH}). A child
 * that finished meanwhile cannot be asked: its completion comes to this run, which waits for it.
 */
async function askToReport(state: ProcurementFlowState): Promise<void> {
  const open = Object.values(state.rfqs).filter((r) => r.status === 'requested');
  await CancellationScope.nonCancellable(() =>
    Promise.all(
      open.map(async (rfq) => {
        try {
          await getExternalWorkflowHandle(rfq.workflowId).signal(rfqReportSignal);
        } catch (error) {
          log.info('RFQ finished before it was asked to report; its result comes with its completion', { supplierId: rfq.supplierId, error: String(error) });
          await condition(() => rfq.status !== 'requested');
        }
      }),
    ),
  );
}

/** Goes on waiting for the quotes in a run after the one that sent the RFQs (see {@link RESUMABLE_QUOTES_PATCH}). */
export async function resumeQuotes(context: FlowContext, state: ProcurementFlowState): Promise<void> {
  listenForQuotes(context, state);
  await awaitQuotes(context, state);
}

/** Results come by signal from the children (and, in the run that started them, by their handles too: the first counts). */
function listenForQuotes(context: FlowContext, state: ProcurementFlowState): void {
  setHandler(rfqFinishedSignal, (result: RfqResult) => collect(context, state, result));
}

/**
 * Waits, resumably, until every RFQ reported or the deadline and its grace passed (or the thread
 * is completing); then cancels the open ones, whose results follow as they stop. A child that
 * never reports (terminated by an operator) counts as cancelled after a grace period.
 */
async function awaitQuotes(context: FlowContext, state: ProcurementFlowState): Promise<void> {
  const open = () => Object.values(state.rfqs).filter((r) => r.status === 'requested');
  const until = Date.parse(state.quoteDeadline ?? new Date().toISOString()) + COLLECTION_GRACE_MS;
  await context.resumableWait(() => open().length === 0 || context.completionRequested, Math.max(1, until - Date.now()));
  if (open().length === 0) return;
  await Promise.all(
    open().map((rfq) =>
      getExternalWorkflowHandle(rfq.workflowId)
        .cancel()
        .catch((error: unknown) => log.warn('RFQ could not be cancelled', { supplierId: rfq.supplierId, error: String(error) })),
    ),
  );
  await condition(() => open().length === 0, CANCELLATION_GRACE_MS);
  for (const rfq of open()) rfq.status = 'cancelled';
}

/** Takes an RFQ's result into the state, once (a result by handle and by signal are the same). */
function collect(context: FlowContext, state: ProcurementFlowState, result: RfqResult): void {
  const rfq = state.rfqs[result.supplierId];
  if (!rfq || rfq.status !== 'requested') return;
  for (const usage of result.usage) context.recordAgentUsage(usage);
  Object.assign(rfq, { status: result.status, quote: result.quote, replies: result.replies, reminded: result.reminded, clarifications: result.clarifications });
}
