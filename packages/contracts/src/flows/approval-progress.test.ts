import type { ApprovalState } from './shared-state';
import { approvalProgress } from './approval-progress';

const base: ApprovalState = {
  subject: 'purchase',
  status: 'pending',
  amount: 6620,
  currency: 'EUR',
  reason: 'over the limit',
  approvers: ['a@example.com', 'b@example.com', 'c@example.com'],
  escalateTo: 'd@example.com',
  requestedAt: '2026-11-28T09:00:00.000Z',
  remindAt: '2026-11-29T09:00:00.000Z',
  escalateAt: '2026-11-30T09:00:00.000Z',
  reminded: false,
  escalated: false,
};
const decided = (approver: string, decision: 'approved' | 'rejected') => ({
  subject: 'purchase' as const,
  decision,
  approver,
  decidedAt: '2026-11-28T10:00:00.000Z',
});

describe(approvalProgress, () => {
  it('has nothing to say about an approval asked for before policies', () => {
    expect(approvalProgress(base)).toBeUndefined();
  });

  it('counts approvals of required approvers (any case) and lists who is awaited', () => {
    const approval: ApprovalState = {
      ...base,
      mode: 'all',
      required: ['a@example.com', 'b@example.com', 'c@example.com'],
      tierAbove: 5000,
      decisions: [decided('B@Example.com', 'approved')],
    };
    expect(approvalProgress(approval)).toEqual({
      mode: 'all',
      required: ['a@example.com', 'b@example.com', 'c@example.com'],
      approved: ['b@example.com'],
      rejected: [],
      awaited: ['a@example.com', 'c@example.com'],
      policy: 'all of 3 approvers (above 5000 EUR)',
      summary: '1 of 3 approved',
    });
    const rejected = approvalProgress({ ...approval, status: 'rejected', decisions: [...approval.decisions!, decided('c@example.com', 'rejected')] });
    expect(rejected).toMatchObject({ rejected: ['c@example.com'], awaited: [], summary: '1 of 3 approved' });
  });

  it('says the first decides in first mode', () => {
    expect(approvalProgress({ ...base, mode: 'first', required: ['a@example.com', 'b@example.com'], decisions: [] })?.summary).toBe('first of 2 decides');
  });
});
