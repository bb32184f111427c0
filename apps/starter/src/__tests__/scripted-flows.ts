import type { ApprovalDecision, EmailMessage, ProcurementFlowState, RfqState, SupportFlowState, SupportTurn } from '@org/orchestrator-contracts';
import { threadIdFromWorkflowId, threadWorkflowId } from '@org/orchestrator-contracts';
import type { FakeFlowScript, FakeTemporal, FakeThread } from './fake-temporal';
import { updateRefused } from './fake-temporal';

// Scripted stand-ins for the worker's procurement and support flows, shaped like their
// `flowState` (see `@org/orchestrator-contracts` ProcurementFlowState / SupportFlowState). Each
// state query moves a flow one step, so the demos must poll, and each records what it saw so
// tests can check the demos' sequencing.

export const APPROVER = 'approver@orchestrator.local';
export const SECOND_APPROVER = 'finance-director@orchestrator.local';
export const AGENT = 'agent@orchestrator.local';
export const SUPERVISOR = 'supervisor@orchestrator.local';

const SUPPLIERS = [
  { supplierId: 'northwind-it', supplierName: 'Northwind IT Supplies', supplierEmail: 'sales@northwind-it.example', total: 5716 },
  { supplierId: 'contoso-computing', supplierName: 'Contoso Computing GmbH', supplierEmail: 'quotes@contoso-computing.example', total: 5420 },
  { supplierId: 'fabrikam-displays', supplierName: 'Fabrikam Displays', supplierEmail: 'orders@fabrikam-displays.example', total: null },
] as const;

const SOON = '2025-07-01T10:00:03.000Z';

function handled(thread: FakeThread, messageId: string, action: string, replyMessageId?: string): void {
  const record = thread.state.messages.find((m) => m.messageId === messageId);
  if (!record) return;
  record.status = 'handled';
  record.outcome = { flow: thread.state.flow ?? 'unknown', action, ...(replyMessageId ? { replyMessageId } : {}) };
}

interface RfqChild {
  status: RfqState['status'];
  parentThreadId: string;
  deadline: string;
  settleAt?: string;
  replies: number;
  quote?: RfqState['quote'];
  pending?: EmailMessage;
}

/**
 * The procurement flow: request → (next query) RFQs in the state → (next query) the RFQ child
 * threads start → each child reads its reply on its next query → the parent compares and waits
 * for approval (or orders automatically) → after `approvePurchase`, the purchase order and the
 * thread completes by itself.
 */
export function procurementScript(fake: FakeTemporal, options: { autoApprove?: boolean; settleAt?: string } = {}) {
  const seen = {
    /** RFQ child ids that were already taken when the parent tried to start them (a reply delivered too early). */
    clashes: [] as string[],
    /** Whether each supplier reply arrived at a running RFQ child. */
    repliesToChildren: [] as { supplierEmail: string; toChild: boolean }[],
  };
  const children = new Map<string, RfqChild>();
  let parent: FakeThread | undefined;
  let firstMessageId = '';
  /** Queries since the RFQs appeared in the parent's state; the children start on the second. */
  let ticksSinceRfqs = -1;

  const flow = () => parent?.state.flowState as unknown as ProcurementFlowState;
  const script: FakeFlowScript = {
    onTick() {
      if (ticksSinceRfqs < 0) return;
      ticksSinceRfqs += 1;
      if (ticksSinceRfqs === 2) startChildren();
    },
    onMessage(thread, message) {
      const child = children.get(thread.workflowId);
      if (child) {
        child.pending = message;
        return;
      }
      if (!parent) {
        parent = thread;
        firstMessageId = message.messageId;
        thread.state.flow = 'procurement';
        thread.state.flowState = { step: 'extracting', requester: message.from.address, rfqs: {} };
        thread.state.messages[0]!.status = 'handling';
        return;
      }
      seen.repliesToChildren.push({ supplierEmail: message.from.address, toChild: false });
    },
    onQuery(thread) {
      const child = children.get(thread.workflowId);
      if (child) return readReply(thread, child);
      if (thread !== parent) return;
      const state = flow();
      if (state.step === 'extracting') {
        state.step = 'requesting-quotes';
        state.request = {
          items: [{ name: 'laptops', quantity: 4, unit: null, specification: null }],
          budget: 8000,
          currency: 'EUR',
          neededBy: null,
          deliveryLocation: 'Berlin',
          requester: 'Alice',
          missing: [],
        };
        for (const s of SUPPLIERS) {
          const rfqMessageId = `<rfq-${s.supplierId}@orchestrator.local>`;
          state.rfqs[s.supplierId] = {
            supplierId: s.supplierId,
            supplierName: s.supplierName,
            supplierEmail: s.supplierEmail,
            workflowId: threadWorkflowId(rfqMessageId),
            rfqMessageId,
            status: 'requested',
          };
        }
        ticksSinceRfqs = 0;
      } else if (state.step === 'requesting-quotes' && children.size > 0 && [...children.values()].every((c) => c.status !== 'requested')) {
        for (const rfq of Object.values(state.rfqs)) {
          const child = children.get(rfq.workflowId) as RfqChild;
          Object.assign(rfq, { status: child.status, quote: child.quote });
        }
        state.comparison = {
          best: 'contoso-computing',
          currency: 'EUR',
          ranking: [
            { supplierId: 'contoso-computing', total: 5420, currency: 'EUR', eligible: true, reasons: [], notes: [] },
            { supplierId: 'northwind-it', total: 5716, currency: 'EUR', eligible: true, reasons: [], notes: [] },
          ],
          rejected: [{ supplierId: 'fabrikam-displays', reason: 'declined' }],
        };
        if (options.autoApprove) {
          state.step = 'ordering';
        } else {
          state.step = 'awaiting-approval';
          state.approval = {
            subject: 'purchase',
            status: 'pending',
            amount: 5420,
            currency: 'EUR',
            reason: '5420 EUR is not below the automatic approval limit of 1000 EUR',
            approvers: [APPROVER, SECOND_APPROVER],
            escalateTo: SECOND_APPROVER,
            requestedAt: '2025-07-01T10:00:05.000Z',
            remindAt: '2025-07-02T10:00:05.000Z',
            escalateAt: '2025-07-03T10:00:05.000Z',
            reminded: false,
            escalated: false,
          };
        }
      } else if (state.step === 'ordering') {
        state.purchaseOrder = { number: 'PO-2025-000001', supplierId: 'contoso-computing', total: 5420, currency: 'EUR', document: 'PO-2025-000001.pdf' };
        state.step = 'completed';
        state.outcome = 'ordered';
        handled(thread, firstMessageId, 'procurement-ordered');
        fake.finish(thread, 'procurement ordered');
      }
    },
    onUpdate(thread, name, input) {
      const { approver, comment } = input as { approver: string; comment?: string };
      const approval = thread === parent ? flow().approval : undefined;
      if (name !== 'approvePurchase' && name !== 'rejectPurchase') throw updateRefused('NoApprovalPending', 'no refund approval is pending');
      if (!approval || approval.status !== 'pending') throw updateRefused('NoApprovalPending', 'no purchase approval is pending');
      if (!approval.approvers.includes(approver)) throw updateRefused('UnknownApprover', `${approver} is not an approver of this purchase`);
      const decision: ApprovalDecision = {
        subject: 'purchase',
        decision: name === 'approvePurchase' ? 'approved' : 'rejected',
        approver,
        ...(comment ? { comment } : {}),
        decidedAt: '2025-07-01T10:00:06.000Z',
      };
      Object.assign(approval, { status: decision.decision, decision });
      flow().step = 'ordering';
      return decision;
    },
  };

  /** The RFQ child workflows start, a little after the parent's state shows the RFQs. */
  function startChildren(): void {
    for (const rfq of Object.values(flow().rfqs)) {
      if (fake.threads.has(rfq.workflowId)) seen.clashes.push(rfq.workflowId);
      const childThread = fake.newThread(rfq.workflowId);
      childThread.state.flow = 'procurement';
      const childState: RfqChild = { status: 'requested', parentThreadId: parent?.state.threadId ?? '', deadline: '2025-07-01T10:02:00.000Z', replies: 0 };
      children.set(rfq.workflowId, childState);
      childThread.state.flowState = childState as unknown as Record<string, unknown>;
    }
  }

  function readReply(thread: FakeThread, child: RfqChild): void {
    const message = child.pending;
    if (!message) return;
    delete child.pending;
    seen.repliesToChildren.push({ supplierEmail: message.from.address, toChild: true });
    const supplier = SUPPLIERS.find((s) => s.supplierEmail === message.from.address);
    child.replies += 1;
    if (/unable to quote/i.test(message.text) || !supplier?.total) {
      child.status = 'declined';
      child.quote = {
        supplierId: supplier?.supplierId ?? '?',
        status: 'declined',
        lines: [],
        total: null,
        currency: null,
        leadTimeDays: null,
        validUntil: null,
        conditions: [],
        declineReason: 'we only sell monitors',
      };
    } else {
      child.status = 'quoted';
      child.settleAt = options.settleAt ?? SOON;
      child.quote = {
        supplierId: supplier.supplierId,
        status: 'quoted',
        lines: [],
        total: supplier.total,
        currency: 'EUR',
        leadTimeDays: 14,
        validUntil: null,
        conditions: [],
      };
    }
    handled(thread, message.messageId, child.status === 'declined' ? 'quote-declined' : 'quote-received');
  }

  return { script, seen, children: () => children };
}

/**
 * The support flow: each customer message becomes a turn, answered on the next query; a message
 * saying "furious" waits for a person (ticket, `submitAgentReply`) instead.
 */
export function supportScript() {
  const seen = {
    /** Per delivered message: how many earlier turns of its thread were still unanswered. */
    unansweredBefore: [] as { messageId: string; unanswered: number }[],
    messages: [] as EmailMessage[],
  };
  const pending = new Map<string, EmailMessage>();
  let answers = 0;
  let tickets = 0;

  const support = (thread: FakeThread) => thread.state.flowState as unknown as SupportFlowState;
  const answer = (thread: FakeThread, turn: SupportTurn, fields: Partial<SupportTurn>) => {
    Object.assign(turn, fields);
    support(thread).step = 'awaiting-customer';
    handled(thread, turn.messageId, turn.answeredBy === 'agent' ? 'answered-by-agent' : 'answered', turn.replyMessageId);
    pending.delete(thread.workflowId);
  };

  const script: FakeFlowScript = {
    onMessage(thread, message) {
      seen.messages.push(message);
      if (support(thread).turns === undefined) {
        thread.state.flow = 'support';
        thread.state.flowState = {
          step: 'answering',
          customer: message.from.address,
          intent: 'order-status',
          urgency: 'normal',
          sentiment: 'neutral',
          turns: [],
        };
      }
      const state = support(thread);
      seen.unansweredBefore.push({ messageId: message.messageId, unanswered: state.turns.filter((t) => !t.replyMessageId).length });
      const intent = /furious/.test(message.text) ? 'complaint' : /return/.test(message.text) ? 'refund-return' : 'order-status';
      state.turns.push({ messageId: message.messageId, at: message.receivedAt, intent, excerpt: message.text.slice(0, 100) });
      state.step = 'answering';
      thread.state.messages.find((m) => m.messageId === message.messageId)!.status = 'handling';
      pending.set(thread.workflowId, message);
    },
    onQuery(thread) {
      const message = pending.get(thread.workflowId);
      if (!message) return;
      const state = support(thread);
      const turn = state.turns.find((t) => t.messageId === message.messageId) as SupportTurn;
      if (turn.intent !== 'complaint') {
        answers += 1;
        answer(thread, turn, {
          answeredBy: 'auto',
          replyMessageId: `<answer-${answers}@orchestrator.local>`,
          answerExcerpt: `Hello, about "${turn.excerpt.slice(0, 20)}": here is what we know.`,
        });
        return;
      }
      if (!state.ticket) {
        tickets += 1;
        state.ticket = { id: `T-00000${tickets}`, assignee: AGENT, reason: 'complaint with negative sentiment needs a human', createdAt: message.receivedAt };
        state.sla = { deadline: '2025-07-01T14:00:00.000Z', breached: false };
        state.agentReply = { status: 'awaiting', agents: [AGENT, SUPERVISOR], since: message.receivedAt, forMessageId: message.messageId };
        state.step = 'awaiting-agent';
        turn.refusals = ['complaint with negative sentiment needs a human'];
        return;
      }
      const reply = state.agentReply;
      if (reply?.status === 'received') {
        answer(thread, turn, {
          answeredBy: 'agent',
          agent: reply.agent,
          replyMessageId: reply.replyMessageId,
          answerExcerpt: (reply.reply ?? '').slice(0, 300),
        });
        delete state.agentReply;
      }
    },
    onUpdate(thread, name, input) {
      if (name !== 'submitAgentReply') throw updateRefused('NoApprovalPending', 'no refund approval is pending');
      const reply = support(thread).agentReply;
      if (!reply || reply.status !== 'awaiting') throw updateRefused('NoAgentReplyAwaited', 'this thread is not waiting for an agent reply');
      const { agent, reply: text } = input as { agent: string; reply: string };
      if (!reply.agents.includes(agent)) throw updateRefused('InvalidAgentReply', `invalid agent reply: agent: ${agent} is not one of this thread's agents`);
      const replyMessageId = `<agent-reply-${threadIdFromWorkflowId(thread.workflowId)?.slice(1, 9)}@orchestrator.local>`;
      Object.assign(reply, { status: 'received', agent, reply: text, acceptedAt: '2025-07-01T10:01:00.000Z', replyMessageId });
      return { agent, replyMessageId, acceptedAt: '2025-07-01T10:01:00.000Z' };
    },
  };
  return { script, seen };
}
