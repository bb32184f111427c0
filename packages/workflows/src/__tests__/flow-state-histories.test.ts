import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowName } from '@org/orchestrator-contracts';
import { flowStateIssues } from '@org/orchestrator-contracts';
import { invoiceFlowStateSchema } from '@org/orchestrator-invoice-matching';

// The flow-state schemas of the contracts describe what real threads carried: every flow state a
// committed history carries across continue-as-new (the started run's input, the continued run's
// input) satisfies its flow's schema, so the running threads' states are what the types say.
const dir = join(__dirname, 'histories');

interface Carried {
  file: string;
  flow: FlowName | null;
  flowState: unknown;
}

function carriedStates(): Carried[] {
  const found: Carried[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const { events } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Record<string, { input?: { payloads?: { data: string }[] } }>[] };
    for (const event of events) {
      for (const key of ['workflowExecutionStartedEventAttributes', 'workflowExecutionContinuedAsNewEventAttributes']) {
        for (const payload of event[key]?.input?.payloads ?? []) {
          const input: unknown = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
          if (typeof input !== 'object' || input === null || !('carried' in input)) continue;
          const carried = input.carried as Omit<Carried, 'file'>;
          found.push({ file, flow: carried.flow, flowState: carried.flowState });
        }
      }
    }
  }
  return found;
}

describe('flowStateIssues', () => {
  const carried = carriedStates();

  it('finds carried states of every flow in the committed histories', () => {
    expect(new Set(carried.map((c) => c.flow))).toEqual(new Set(['procurement', 'support', 'invoice', 'unknown']));
  });

  it('finds the invoice flow’s carried states whole by its package’s schema (the contracts know only their common part)', () => {
    const invoices = carried.filter((c) => c.flow === 'invoice');
    expect(invoices.length).toBeGreaterThan(0);
    for (const { flowState } of invoices) expect(invoiceFlowStateSchema.safeParse(flowState).error?.issues).toBeUndefined();
  });

  it('reports no difference for any flow state the histories carry, but the routing of threads from before the agents', () => {
    const differing = carried.map((c) => ({ file: c.file, issues: flowStateIssues(c.flow, c.flowState) })).filter((c) => c.issues.length > 0);
    // v1 threads were routed by keywords (`routing: { reason, confidence }`): reported (the thread
    // logs it and keeps its state, and its reply-once flow never reads the routing), never failed.
    expect(differing.map((d) => d.file)).toEqual(['v1-first-run-continued-as-new.json']);
    expect(differing[0]?.issues.map((i) => i.path)).toEqual(['routing.flow', 'routing.intent', 'routing.urgency', 'routing.sentiment']);
  });

  it('reports a state that differs from its flow schema, with where and what', () => {
    const support = carried.find((c) => c.flow === 'support' && typeof c.flowState === 'object');
    const broken = { ...(support?.flowState as object), urgency: 'whenever', turns: 'none' };
    const issues = flowStateIssues('support', broken);
    expect(issues.map((i) => i.path).sort()).toEqual(['turns', 'urgency']);
    expect(flowStateIssues('procurement', { step: 'ordering' }).map((i) => i.path)).toEqual(expect.arrayContaining(['requester', 'rfqs']));
  });

  it('takes a state before the first step, a reply-once state and an RFQ child state as such', () => {
    expect(flowStateIssues(null, {})).toEqual([]);
    expect(flowStateIssues('procurement', { replied: true })).toEqual([]);
    const rfq = {
      supplierId: 's1',
      parentThreadId: 't',
      status: 'requested',
      replies: 0,
      reminded: false,
      clarifications: 0,
      deadline: '2026-12-01T00:00:00.000Z',
    };
    expect(flowStateIssues('procurement', rfq)).toEqual([]);
    expect(flowStateIssues('procurement', { ...rfq, replies: 'many' }).map((i) => i.path)).toEqual(['replies']);
  });

  it('never throws on what a forged or broken carry holds', () => {
    for (const value of [null, 42, 'x', [], { step: 42 }, { routing: 'x' }]) expect(() => flowStateIssues('support', value)).not.toThrow();
    expect(flowStateIssues('support', null).length).toBeGreaterThan(0);
  });
});
