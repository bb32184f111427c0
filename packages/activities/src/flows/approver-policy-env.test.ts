import { EnvVariableError } from '@org/orchestrator-contracts';
import { approverPoliciesFromEnv, checkedApproverPolicy } from './approver-policy-env';
import { DEFAULT_FLOW_CONFIG, FlowConfigError, flowConfig } from './flow-config';
import { flowConfigFromEnv } from './flow-env';

describe(approverPoliciesFromEnv, () => {
  it('defaults to today’s behaviour: the first decision decides, no tiers', () => {
    expect(approverPoliciesFromEnv({})).toEqual({ procurement: { mode: 'first', tiers: [] }, support: { mode: 'first', tiers: [] } });
    expect(flowConfigFromEnv({}).procurement.approvalPolicy).toEqual({ mode: 'first', tiers: [] });
    expect(DEFAULT_FLOW_CONFIG.support.refundApprovalPolicy).toEqual({ mode: 'first', tiers: [] });
  });

  it('reads each flow’s mode and tiers into the flow configuration', () => {
    const flows = flowConfigFromEnv({
      PROCUREMENT_APPROVAL_MODE: 'ALL',
      PROCUREMENT_APPROVAL_TIERS: ' 5000 : cfo@acme.example ; 20000.50:cfo@acme.example, ceo@acme.example ;',
      SUPPORT_REFUND_APPROVAL_TIERS: '250:lead@shop.example',
    });
    expect(flows.procurement.approvalPolicy).toEqual({
      mode: 'all',
      tiers: [
        { above: 5000, approvers: ['cfo@acme.example'] },
        { above: 20000.5, approvers: ['cfo@acme.example', 'ceo@acme.example'] },
      ],
    });
    expect(flows.support.refundApprovalPolicy).toEqual({ mode: 'first', tiers: [{ above: 250, approvers: ['lead@shop.example'] }] });
  });

  it.each([
    ['PROCUREMENT_APPROVAL_MODE', 'majority', 'PROCUREMENT_APPROVAL_MODE must be one of first, all'],
    ['SUPPORT_REFUND_APPROVAL_MODE', 'any', 'SUPPORT_REFUND_APPROVAL_MODE must be one of first, all'],
    ['PROCUREMENT_APPROVAL_TIERS', 'cfo@acme.example', 'must be tiers like'],
    ['PROCUREMENT_APPROVAL_TIERS', '-5:cfo@acme.example', 'must be tiers like'],
    ['PROCUREMENT_APPROVAL_TIERS', '5000:cfo@acme.example;500:ceo@acme.example', 'tier 2 (above 500): must be greater than the tier before (5000)'],
    ['PROCUREMENT_APPROVAL_TIERS', '5000:cfo', 'tier 1 (above 5000) approver "cfo"'],
    ['PROCUREMENT_APPROVAL_TIERS', '5000:cfo@acme.example,CFO@acme.example', 'tier 1 (above 5000): lists an approver twice'],
    ['SUPPORT_REFUND_APPROVAL_TIERS', '100:', 'must be tiers like'],
  ])('refuses %s=%j at start with a typed error naming it', (variable, value, message) => {
    const start = () => flowConfigFromEnv({ [variable]: value });
    expect(start).toThrow(FlowConfigError);
    expect(start).toThrow(message);
    try {
      start();
    } catch (error) {
      expect(error).toMatchObject({ variable, code: 'ConfigInvalid' });
    }
  });
});

describe(checkedApproverPolicy, () => {
  it('checks a policy given in code when the configuration is built', () => {
    const bad = {
      mode: 'all' as const,
      tiers: [
        { above: 10, approvers: ['a@example.com'] },
        { above: 5, approvers: ['b@example.com'] },
      ],
    };
    expect(() => flowConfig({ procurement: { approvalPolicy: bad } })).toThrow(EnvVariableError);
    expect(() => flowConfig({ support: { refundApprovalPolicy: bad } })).toThrow('support.refundApprovalPolicy is not a valid approval policy: tiers.1.above');
    expect(checkedApproverPolicy({ mode: 'all', tiers: [] }, 'x')).toEqual({ mode: 'all', tiers: [] });
  });
});
