import { FlowConfigError, flowConfig, flowConfigFromEnv } from '@org/orchestrator-activities';
import { supportFlowModule } from '../flow-module';
import { DEFAULT_SUPPORT_CONFIG, DEFAULT_SUPPORT_MAILBOX, SUPPORT_SETTINGS_ENV, supportSettings } from '../support-settings';

// The support flow's part of the flow configuration, alone; with every installed flow: installed-flows' tests.
const installed = [supportFlowModule];

describe('supportSettings', () => {
  it('gives the flow its part and its mailbox by default', () => {
    const config = flowConfig({}, installed);
    expect(config.support).toEqual(DEFAULT_SUPPORT_CONFIG);
    expect(config.mailboxes.support).toEqual(DEFAULT_SUPPORT_MAILBOX);
    config.support.agents.push('x@example.com');
    expect(DEFAULT_SUPPORT_CONFIG.agents).toEqual(['agent@orchestrator.local']);
  });

  it('makes an overridden supervisor the primary refund approver', () => {
    expect(flowConfig({ support: { supervisor: 'lead@shop.example' } }, installed).support.refundApprovers).toEqual({
      primary: 'lead@shop.example',
      secondary: 'finance-director@orchestrator.local',
    });
  });

  it('reads its variables, its mailbox falling back to REPLY_FROM', () => {
    const config = flowConfigFromEnv({ SUPPORT_AGENTS: 'ana@shop.example, ben@shop.example', REPLY_FROM: 'Shop <robot@shop.example>' }, installed);
    expect(config.support.agents).toEqual(['ana@shop.example', 'ben@shop.example']);
    expect(config.mailboxes.support).toEqual({ address: 'robot@shop.example', name: 'Shop' });
  });

  it('refuses a bad value by name', () => {
    expect(() => flowConfigFromEnv({ SUPPORT_MIN_CONFIDENCE: '1.5' }, installed)).toThrow(FlowConfigError);
    expect(() => flowConfigFromEnv({ SUPPORT_APPROVAL_ESCALATION: '1h' }, installed)).toThrow('must be longer than SUPPORT_APPROVAL_REMINDER');
  });

  it('names its refund approvers and its agents for the task inbox', () => {
    const config = flowConfigFromEnv({ SUPPORT_REFUND_APPROVAL_TIERS: '500:lead@shop.example' }, installed);
    expect(supportSettings.people?.(config)).toEqual({
      approvers: ['supervisor@orchestrator.local', 'finance-director@orchestrator.local', 'lead@shop.example'],
      agents: ['agent@orchestrator.local', 'supervisor@orchestrator.local'],
    });
    expect(supportSettings.env).toEqual(Object.values(SUPPORT_SETTINGS_ENV));
  });
});
