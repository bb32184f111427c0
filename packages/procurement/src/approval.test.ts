import { DEFAULT_APPROVAL_TIMING, approvalRequirement, isKnownApprover } from './approval';
import type { ApprovalPolicy } from './approval';

const policy: ApprovalPolicy = {
  autoApproveBelow: 1000,
  currency: 'EUR',
  approvers: { primary: 'Carla CFO <cfo@acme.example>', secondary: 'ceo@acme.example' },
};

describe('approvalRequirement', () => {
  it('approves amounts below the limit automatically', () => {
    expect(approvalRequirement(999.99, 'EUR', policy)).toEqual({
      kind: 'automatic',
      reason: '999.99 EUR is below the automatic approval limit of 1000 EUR',
    });
    expect(approvalRequirement(0, 'eur', policy).kind).toBe('automatic');
  });

  it('sends amounts at or above the limit to the primary approver, escalating to the secondary', () => {
    expect(approvalRequirement(1000, 'EUR', policy)).toEqual({
      kind: 'approver',
      approver: policy.approvers.primary,
      escalateTo: policy.approvers.secondary,
      ...DEFAULT_APPROVAL_TIMING,
      reason: '1000 EUR is not below the automatic approval limit of 1000 EUR',
    });
  });

  it('needs an approver for another currency, however small the amount', () => {
    const result = approvalRequirement(10, 'USD', policy);
    expect(result).toMatchObject({ kind: 'approver', reason: 'the order is in USD, the approval limit in EUR' });
  });

  it('needs an approver for amounts that are not prices', () => {
    expect(approvalRequirement(Number.NaN, 'EUR', policy).kind).toBe('approver');
    expect(approvalRequirement(-5, 'EUR', policy).kind).toBe('approver');
  });

  it('uses the policy reminder and escalation delays', () => {
    const result = approvalRequirement(5000, 'EUR', { ...policy, remindAfterHours: 4, escalateAfterHours: 8 });
    expect(result).toMatchObject({ remindAfterHours: 4, escalateAfterHours: 8 });
  });
});

describe('isKnownApprover', () => {
  it('accepts either approver, in any case and with or without a display name', () => {
    expect(isKnownApprover('CFO@acme.example', policy)).toBe(true);
    expect(isKnownApprover('The Boss <ceo@ACME.example>', policy)).toBe(true);
  });

  it('refuses anyone else', () => {
    expect(isKnownApprover('requester@acme.example', policy)).toBe(false);
    expect(isKnownApprover('', policy)).toBe(false);
    expect(isKnownApprover('cfo@acme.example.evil.test', policy)).toBe(false);
  });
});
