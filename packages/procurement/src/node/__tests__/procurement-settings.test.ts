import { FlowConfigError, flowConfig, flowConfigFromEnv } from '@org/orchestrator-activities';
import { procurementFlowModule } from '../flow-module';
import { DEFAULT_PROCUREMENT_CONFIG, DEFAULT_PROCUREMENT_MAILBOX, PROCUREMENT_SETTINGS_ENV, procurementSettings } from '../procurement-settings';

// The procurement flow's part of the flow configuration, alone; with every installed flow: installed-flows' tests.
const installed = [procurementFlowModule];

describe('procurementSettings', () => {
  it('gives the flow its part, its mailbox and its (empty) list of trusted requesters by default', () => {
    const config = flowConfig({}, installed);
    expect(config.procurement).toEqual(DEFAULT_PROCUREMENT_CONFIG);
    expect(config.mailboxes.procurement).toEqual(DEFAULT_PROCUREMENT_MAILBOX);
    expect(config.trust.procurementRequesters).toEqual({ addresses: [], domains: [] });
    config.procurement.approval.approvers.primary = 'x@example.com';
    expect(DEFAULT_PROCUREMENT_CONFIG.approval.approvers.primary).toBe('approver@orchestrator.local');
  });

  it('reads its variables, lowercasing the requesters', () => {
    const config = flowConfigFromEnv(
      { PROCUREMENT_MAX_SUPPLIERS: '5', PROCUREMENT_REQUESTERS: 'Alice@Acme.example', PROCUREMENT_MAILBOX: 'Buying <buy@acme.example>' },
      installed,
    );
    expect(config.procurement.maxSuppliers).toBe(5);
    expect(config.trust.procurementRequesters).toEqual({ addresses: ['alice@acme.example'], domains: [] });
    expect(config.mailboxes.procurement).toEqual({ address: 'buy@acme.example', name: 'Buying' });
  });

  it('refuses a bad value by name', () => {
    expect(() => flowConfigFromEnv({ PROCUREMENT_MAX_SUPPLIERS: '0' }, installed)).toThrow(FlowConfigError);
    expect(() => flowConfigFromEnv({ PROCUREMENT_APPROVAL_ESCALATION: '1h' }, installed)).toThrow('must be longer than PROCUREMENT_APPROVAL_REMINDER');
  });

  it('names its approvers, the tiers’ too, for the task inbox', () => {
    const config = flowConfigFromEnv({ PROCUREMENT_APPROVAL_TIERS: '5000:cfo@acme.example' }, installed);
    expect(procurementSettings.people?.(config)).toEqual({
      approvers: ['approver@orchestrator.local', 'finance-director@orchestrator.local', 'cfo@acme.example'],
      agents: [],
    });
  });

  it('declares every variable it reads', () => {
    expect(procurementSettings.env).toEqual(Object.values(PROCUREMENT_SETTINGS_ENV));
    expect(procurementSettings.env.every((spec) => spec.name.startsWith('PROCUREMENT_'))).toBe(true);
  });
});
