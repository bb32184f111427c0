import { DEFAULT_APPROVER_POLICY, describeApproverPolicy, orderedApproverPolicySchema, requiredApprovers } from './approver-policy';
import type { ApproverPolicy } from './approver-policy';

const MATRIX: ApproverPolicy = {
  mode: 'all',
  tiers: [
    { above: 5000, approvers: ['cfo@example.com'] },
    { above: 20_000, approvers: ['cfo@example.com', 'ceo@example.com'] },
  ],
};
const need = (amount: number, currency = 'EUR') => requiredApprovers(MATRIX, amount, currency, 'EUR', 'lead@example.com');

describe(requiredApprovers, () => {
  it('gives the primary approver below every tier, and with no tiers (the default policy)', () => {
    expect(need(0)).toEqual({ approvers: ['lead@example.com'] });
    expect(requiredApprovers(DEFAULT_APPROVER_POLICY, 1e9, 'EUR', 'EUR', 'lead@example.com')).toEqual({ approvers: ['lead@example.com'] });
  });

  it('applies a tier only strictly above its amount: just below, at, and just above', () => {
    expect(need(4999.99)).toEqual({ approvers: ['lead@example.com'] });
    expect(need(5000)).toEqual({ approvers: ['lead@example.com'] });
    expect(need(5000.01)).toEqual({ approvers: ['cfo@example.com'], tierAbove: 5000 });
    expect(need(20_000)).toEqual({ approvers: ['cfo@example.com'], tierAbove: 5000 });
    expect(need(20_000.01)).toEqual({ approvers: ['cfo@example.com', 'ceo@example.com'], tierAbove: 20_000 });
  });

  it('takes the highest tier for an amount it cannot compare: another currency, negative, NaN, Infinity', () => {
    const highest = { approvers: ['cfo@example.com', 'ceo@example.com'], tierAbove: 20_000 };
    expect(need(10, 'USD')).toEqual(highest);
    expect(need(-1)).toEqual(highest);
    expect(need(Number.NaN)).toEqual(highest);
    expect(need(Number.POSITIVE_INFINITY)).toEqual(highest);
    expect(need(10, ' eur ')).toEqual({ approvers: ['lead@example.com'] }); // the same currency, written loosely
  });

  it('returns a copy: changing the result leaves the policy alone', () => {
    need(30_000).approvers.push('mallory@example.com');
    expect(MATRIX.tiers[1]?.approvers).toEqual(['cfo@example.com', 'ceo@example.com']);
  });
});

describe('orderedApproverPolicySchema', () => {
  it('accepts the matrix and the default', () => {
    expect(orderedApproverPolicySchema.parse(MATRIX)).toEqual(MATRIX);
    expect(orderedApproverPolicySchema.parse(DEFAULT_APPROVER_POLICY)).toEqual(DEFAULT_APPROVER_POLICY);
  });

  it.each([
    [
      'tiers out of order',
      {
        mode: 'all',
        tiers: [
          { above: 500, approvers: ['a@example.com'] },
          { above: 500, approvers: ['b@example.com'] },
        ],
      },
      'tiers.1.above',
    ],
    ['an unknown mode', { mode: 'majority', tiers: [] }, 'mode'],
    ['a tier without approvers', { mode: 'first', tiers: [{ above: 1, approvers: [] }] }, 'tiers.0.approvers'],
    ['an approver listed twice', { mode: 'first', tiers: [{ above: 1, approvers: ['a@example.com', 'A@example.com'] }] }, 'tiers.0.approvers'],
    ['an address that is not one', { mode: 'first', tiers: [{ above: 1, approvers: ['cfo'] }] }, 'tiers.0.approvers.0'],
    ['a negative amount', { mode: 'first', tiers: [{ above: -5, approvers: ['a@example.com'] }] }, 'tiers.0.above'],
    ['too many approvers', { mode: 'all', tiers: [{ above: 1, approvers: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`) }] }, 'tiers.0.approvers'],
  ])('refuses %s, naming where', (_what, policy, path) => {
    const result = orderedApproverPolicySchema.safeParse(policy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe(describeApproverPolicy, () => {
  it('says who must decide', () => {
    expect(describeApproverPolicy('first', ['a@example.com'], undefined, 'EUR')).toBe('one approver');
    expect(describeApproverPolicy('all', ['a@example.com', 'b@example.com'], 5000, 'EUR')).toBe('all of 2 approvers (above 5000 EUR)');
    expect(describeApproverPolicy('first', ['a@example.com', 'b@example.com'], 5000, 'EUR')).toBe('the first of 2 approvers (above 5000 EUR)');
  });
});
