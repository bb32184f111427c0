import type { ApprovalState, ThreadState } from '@org/orchestrator-contracts';
import { escapeHtml, html } from '../pages/html';
import { taskPage } from '../pages/task-page';
import { taskTable } from '../pages/task-list';
import { tasksOf } from '../tasks';

const APPROVER = 'cfo@example.com';
const SECOND = 'ceo@example.com';

function approval(overrides: Partial<ApprovalState> = {}): ApprovalState {
  return {
    subject: 'purchase',
    status: 'pending',
    amount: 5420,
    currency: 'EUR',
    reason: 'over the limit',
    approvers: [APPROVER, SECOND],
    escalateTo: SECOND,
    requestedBy: 'alice@example.com',
    requestedAt: '2026-11-28T09:00:00.000Z',
    remindAt: '2026-11-29T09:00:00.000Z',
    escalateAt: '2026-11-30T09:00:00.000Z',
    reminded: false,
    escalated: false,
    ...overrides,
  };
}

function thread(flow: 'procurement' | 'support', flowState: Record<string, unknown>): ThreadState {
  return {
    threadId: '<t1@example.com>',
    status: 'open',
    flow,
    flowState,
    escalation: null,
    agentUsage: { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, byModel: {} },
    messages: [],
    counts: { received: 1, handled: 0, duplicates: 0, pending: 0, byAction: {} },
    duplicatesIgnored: 0,
    rejected: [],
    rejectedCount: 0,
    continuedAsNew: 0,
    startedAt: '2026-11-28T08:00:00.000Z',
  };
}

describe(tasksOf, () => {
  it('gives a pending purchase to each of its approvers (any case), not to others, not to the requester', () => {
    const state = thread('procurement', {
      step: 'awaiting-approval',
      requester: 'alice@example.com',
      rfqs: {},
      request: { items: [{ name: 'laptops', quantity: 4 }] },
      approval: approval(),
    });
    expect(tasksOf(state, 'CFO@example.com')).toEqual([
      expect.objectContaining({
        kind: 'purchase-approval',
        amount: 5420,
        requester: 'alice@example.com',
        since: '2026-11-28T09:00:00.000Z',
        deadline: '2026-11-30T09:00:00.000Z',
        summary: '4 laptops',
      }),
    ]);
    expect(tasksOf(state, SECOND)).toHaveLength(1);
    expect(tasksOf(state, 'mallory@example.com')).toEqual([]);
    const selfRequested = thread('procurement', { step: 'awaiting-approval', rfqs: {}, approval: approval({ requestedBy: APPROVER }) });
    expect(tasksOf(selfRequested, APPROVER)).toEqual([]);
  });

  it('gives nothing for a decided or withdrawn approval, and marks an escalated one overdue', () => {
    for (const status of ['approved', 'rejected', 'withdrawn'] as const) {
      expect(tasksOf(thread('procurement', { rfqs: {}, approval: approval({ status }) }), APPROVER)).toEqual([]);
    }
    const [task] = tasksOf(thread('procurement', { rfqs: {}, approval: approval({ escalated: true }) }), SECOND);
    expect(task).toMatchObject({ breached: true, deadline: undefined });
  });

  it('gives an escalated support thread to its agents with its SLA, and a refund to its approvers', () => {
    const state = thread('support', {
      step: 'awaiting-agent',
      customer: 'peter@mail.example',
      intent: 'complaint',
      turns: [{ excerpt: 'The shoes fell apart' }],
      agentReply: { status: 'awaiting', agents: ['ana@shop.example'], since: '2026-11-28T10:00:00.000Z', forMessageId: '<m>' },
      sla: { deadline: '2026-11-28T14:00:00.000Z', breached: false },
    });
    expect(tasksOf(state, 'ana@shop.example')).toEqual([
      expect.objectContaining({
        kind: 'support-reply',
        requester: 'peter@mail.example',
        deadline: '2026-11-28T14:00:00.000Z',
        summary: 'The shoes fell apart',
      }),
    ]);
    const refund = thread('support', {
      customer: 'peter@mail.example',
      turns: [],
      approval: approval({ subject: 'refund', requestedBy: 'peter@mail.example' }),
    });
    expect(tasksOf(refund, APPROVER)).toEqual([expect.objectContaining({ kind: 'refund-approval' })]);
  });

  it('shows the progress of an approval under an `all` policy, and gives it only to those who have not decided', () => {
    const CONTROLLER = 'controller@example.com';
    const decided = {
      subject: 'purchase' as const,
      decision: 'approved' as const,
      approver: APPROVER,
      via: 'inbox' as const,
      decidedAt: '2026-11-28T10:00:00.000Z',
    };
    const policy = approval({
      mode: 'all',
      required: [APPROVER, CONTROLLER, SECOND],
      approvers: [APPROVER, CONTROLLER, SECOND],
      tierAbove: 5000,
      decisions: [decided],
    });
    const state = thread('procurement', { step: 'awaiting-approval', rfqs: {}, approval: policy });
    expect(tasksOf(state, CONTROLLER)).toEqual([expect.objectContaining({ progress: '1 of 3 approved' })]);
    expect(tasksOf(state, 'CFO@Example.com')).toEqual([]); // decided: waits for the others
    expect(taskTable(tasksOf(state, CONTROLLER)).value).toContain('1 of 3 approved');
    // Approvals asked for before policies carry no progress.
    expect(tasksOf(thread('procurement', { rfqs: {}, approval: approval() }), APPROVER)[0]).not.toHaveProperty('progress');
  });
});

describe('pages escape what the mail wrote', () => {
  it('escapes every interpolated string, including in attributes', () => {
    expect(escapeHtml(`<script>"'&`)).toBe('&lt;script&gt;&quot;&#39;&amp;');
    expect(html`<a title="${'" onmouseover="x'}">${'<b>'}</a>`.value).toBe('<a title="&quot; onmouseover=&quot;x">&lt;b&gt;</a>');
    const table = taskTable([
      {
        kind: 'support-reply',
        threadId: '<x"><script>@evil>',
        requester: '<img src=x onerror=alert(1)>',
        since: new Date().toISOString(),
        breached: false,
        summary: '</td><script>alert(1)</script>',
      },
    ]).value;
    expect(table).not.toContain('<script>');
    expect(table).not.toContain('<img');
    expect(table).toContain('href="/threads/%3Cx%22%3E%3Cscript%3E%40evil%3E"');
  });
});

describe(taskPage, () => {
  const AGENT = 'agent@orchestrator.local';
  const escalated = (agentReply: Record<string, unknown>) =>
    thread('support', {
      step: 'awaiting-agent',
      customer: 'peter@mail.example',
      intent: 'complaint',
      urgency: 'high',
      sentiment: 'negative',
      turns: [{ at: '2026-11-28T09:00:00.000Z', intent: 'complaint', excerpt: 'The shoes fell apart', refusals: ['the customer is angry'] }],
      agentReply: { status: 'awaiting', agents: [AGENT], since: '2026-11-28T09:00:00.000Z', forMessageId: '<t1@example.com>', ...agentReply },
    });

  it('puts the unsent draft in the reply editor, with why it was not sent', () => {
    const page = taskPage(escalated({ draft: 'Dear Peter, we are sorry.' }), { email: AGENT, csrf: 'c' });
    expect(page).toContain('The drafted answer was not sent: the customer is angry');
    expect(page).toMatch(/<textarea id="reply"[^>]*>Dear Peter, we are sorry\.<\/textarea>/);
    expect(page).toContain('data-testid="draft-note"');
  });

  it('escapes a draft that tries to close the editor, and leaves the editor empty without a draft', () => {
    const page = taskPage(escalated({ draft: '</textarea><script>alert(1)</script>' }), { email: AGENT, csrf: 'c' });
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;/textarea&gt;&lt;script&gt;');
    const empty = taskPage(escalated({}), { email: AGENT, csrf: 'c' });
    expect(empty).toMatch(/<textarea id="reply"[^>]*><\/textarea>/);
    expect(empty).not.toContain('draft-note');
  });

  it("shows no editor to someone who is not one of the thread's agents", () => {
    const page = taskPage(escalated({ draft: 'Dear Peter' }), { email: 'mallory@example.com', csrf: 'c' });
    expect(page).not.toContain('<textarea');
    expect(page).not.toContain('Dear Peter');
  });
});
