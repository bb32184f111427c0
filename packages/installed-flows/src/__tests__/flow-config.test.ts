import { DEFAULT_SLA_POLICY, EnvVariableError } from '@org/orchestrator-contracts';
import { FLOW_ENV, FlowConfigError, SEARCH_ATTRIBUTE_ENV, checkedApproverPolicy, mailboxFor } from '@org/orchestrator-activities';
import { FLOW_MODULES, installedFlowConfig, installedFlowConfigFromEnv } from '../flow-modules';

// The flow configuration with every installed flow's part, as the worker reads it: the flows'
// settings (procurement, support) composed with the common ones (activities' `flowConfig`).
const DEFAULTS = installedFlowConfig();
const SETTINGS_ENV = FLOW_MODULES.flatMap((m) => m.settings?.env ?? []);

describe('the settings of the installed flows', () => {
  it('documents the defaults the code uses: each declared default, set explicitly, changes nothing', () => {
    const env: Record<string, string> = {};
    // Not `REPLY_FROM`: set, even to its default, it is the flows' mailbox too.
    const { replyFrom, ...common } = FLOW_ENV;
    for (const spec of [...SETTINGS_ENV, ...Object.values(common), ...Object.values(SEARCH_ATTRIBUTE_ENV)]) {
      const plain = /^`([^`]+)`$/.exec(spec.default);
      if (plain) env[spec.name] = plain[1] as string;
    }
    expect(replyFrom.default).toBe('`Agent Orchestrator <orchestrator@orchestrator.local>`');
    // All but the flows' mailboxes (`REPLY_FROM`, else …), requester lists and tiers (unset: none).
    expect(Object.keys(env)).toHaveLength(SETTINGS_ENV.length - 6 + Object.values(common).length + Object.values(SEARCH_ATTRIBUTE_ENV).length);
    expect(installedFlowConfigFromEnv(env)).toEqual(DEFAULTS);
  });

  it('declares each variable once, in one flow', () => {
    const names = [...SETTINGS_ENV, ...Object.values(FLOW_ENV), ...Object.values(SEARCH_ATTRIBUTE_ENV)].map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names REPLY_FROM in its error', () => {
    expect(() => installedFlowConfigFromEnv({ REPLY_FROM: 'Robot <robot@>' })).toThrow(
      new EnvVariableError('REPLY_FROM', 'must be an email address like "Orchestrator <orchestrator@example.com>", got "Robot <robot@>"'),
    );
  });
});

describe(installedFlowConfig, () => {
  it('returns the defaults, as a copy', () => {
    const config = installedFlowConfig();
    expect(config).toEqual(DEFAULTS);
    config.support.agents.push('x@example.com');
    config.procurement.approval.approvers.primary = 'x@example.com';
    expect(DEFAULTS.support.agents).toEqual(['agent@orchestrator.local']);
    expect(DEFAULTS.procurement.approval.approvers.primary).toBe('approver@orchestrator.local');
  });

  it('deep-merges overrides, and the supervisor approves refunds unless told otherwise', () => {
    const config = installedFlowConfig({
      procurement: { approval: { autoApproveBelow: 500, approvers: { secondary: 'cfo@acme.example' } }, maxSuppliers: 5 },
      support: { supervisor: 'lead@shop.example', autoReply: { refundLimit: 50 }, sla: { firstResponseMinutes: { high: 30 } } },
    });
    expect(config.procurement.approval).toEqual({
      ...DEFAULTS.procurement.approval,
      autoApproveBelow: 500,
      approvers: { primary: 'approver@orchestrator.local', secondary: 'cfo@acme.example' },
    });
    expect(config.procurement.maxSuppliers).toBe(5);
    expect(config.procurement.quoteWindowMs).toBe(5 * 24 * 3_600_000);
    expect(config.support.autoReply).toEqual({ minConfidence: 0.5, refundLimit: 50, currency: 'EUR' });
    expect(config.support.sla.firstResponseMinutes).toEqual({ ...DEFAULT_SLA_POLICY.firstResponseMinutes, high: 30 });
    expect(config.support.refundApprovers).toEqual({ primary: 'lead@shop.example', secondary: 'finance-director@orchestrator.local' });
    expect(config.searchAttributes).toBe(true);
    expect(installedFlowConfig({ searchAttributes: false }).searchAttributes).toBe(false);
  });

  it('is plain JSON, as a workflow history records it', () => {
    expect(JSON.parse(JSON.stringify(DEFAULTS))).toEqual(DEFAULTS);
  });
});

describe(installedFlowConfigFromEnv, () => {
  it('gives the defaults for an empty environment (blank values count as unset)', () => {
    expect(installedFlowConfigFromEnv({})).toEqual(DEFAULTS);
    expect(installedFlowConfigFromEnv({ PROCUREMENT_CURRENCY: '  ', SUPPORT_AGENTS: '' })).toEqual(DEFAULTS);
  });

  it('reads every variable', () => {
    const config = installedFlowConfigFromEnv({
      PROCUREMENT_AUTO_APPROVE_BELOW: '2500.50',
      PROCUREMENT_CURRENCY: 'usd',
      PROCUREMENT_APPROVER: 'cfo@acme.example',
      PROCUREMENT_SECOND_APPROVER: 'ceo@acme.example',
      PROCUREMENT_APPROVAL_REMINDER: '90m',
      PROCUREMENT_APPROVAL_ESCALATION: '3h',
      PROCUREMENT_INFO_REMINDER: '12h',
      PROCUREMENT_INFO_DEADLINE: '2d',
      PROCUREMENT_SUPPLIER_REMINDER: '36h',
      PROCUREMENT_QUOTE_WINDOW: '4d',
      PROCUREMENT_CORRECTION_WINDOW: '90s',
      PROCUREMENT_MAX_SUPPLIERS: '4',
      SUPPORT_AGENTS: 'ana@shop.example, ben@shop.example',
      SUPPORT_SUPERVISOR: 'lead@shop.example',
      SUPPORT_REFUND_LIMIT: '250',
      SUPPORT_CURRENCY: 'GBP',
      SUPPORT_MIN_CONFIDENCE: '0.75',
      SUPPORT_CLOSE_AFTER: '500ms',
      SUPPORT_APPROVAL_REMINDER: '15m',
      SUPPORT_APPROVAL_ESCALATION: '1h',
      FLOW_SEARCH_ATTRIBUTES: 'false',
      FLOW_REQUESTER_ATTRIBUTE: 'Hashed',
      PROCUREMENT_APPROVAL_MODE: 'all',
      PROCUREMENT_APPROVAL_TIERS: '5000:cfo@acme.example,ceo@acme.example',
      SUPPORT_REFUND_APPROVAL_MODE: 'first',
      SUPPORT_REFUND_APPROVAL_TIERS: '1000:lead@shop.example,cfo@acme.example',
    });
    expect(config.searchAttributes).toBe(false);
    expect(config.requesterAttribute).toBe('hashed');
    expect(config.procurement).toEqual({
      approval: {
        autoApproveBelow: 2500.5,
        currency: 'USD',
        approvers: { primary: 'cfo@acme.example', secondary: 'ceo@acme.example' },
        remindAfterHours: 1.5,
        escalateAfterHours: 3,
      },
      approvalPolicy: { mode: 'all', tiers: [{ above: 5000, approvers: ['cfo@acme.example', 'ceo@acme.example'] }] },
      informationReminderAfterMs: 12 * 3_600_000,
      informationDeadlineMs: 2 * 86_400_000,
      supplierReminderAfterMs: 36 * 3_600_000,
      quoteWindowMs: 4 * 86_400_000,
      correctionWindowMs: 90_000,
      maxSuppliers: 4,
      maxClarifications: 2,
    });
    expect(config.support).toEqual({
      autoReply: { minConfidence: 0.75, refundLimit: 250, currency: 'GBP' },
      agents: ['ana@shop.example', 'ben@shop.example'],
      supervisor: 'lead@shop.example',
      sla: DEFAULT_SLA_POLICY,
      closeAfterSilenceMs: 500,
      refundApprovers: { primary: 'lead@shop.example', secondary: 'finance-director@orchestrator.local' },
      approvalRemindAfterMs: 900_000,
      approvalEscalateAfterMs: 3_600_000,
      refundApprovalPolicy: { mode: 'first', tiers: [{ above: 1000, approvers: ['lead@shop.example', 'cfo@acme.example'] }] },
      summarizeAfterTurns: 6,
    });
  });

  it.each([
    ['PROCUREMENT_AUTO_APPROVE_BELOW', 'lots', 'must be a number'],
    ['PROCUREMENT_AUTO_APPROVE_BELOW', '-5', 'must be a number >= 0'],
    ['PROCUREMENT_AUTO_APPROVE_BELOW', '0x10', 'must be a number'],
    ['PROCUREMENT_CURRENCY', 'euro', 'ISO 4217'],
    ['PROCUREMENT_APPROVER', 'cfo', 'must be an email address'],
    ['PROCUREMENT_SECOND_APPROVER', 'ceo@localhost', 'must be an email address'],
    ['PROCUREMENT_APPROVAL_REMINDER', '1 day', 'positive duration'],
    ['PROCUREMENT_APPROVAL_ESCALATION', '12h', 'must be longer than PROCUREMENT_APPROVAL_REMINDER'],
    ['PROCUREMENT_INFO_REMINDER', '24', 'positive duration'],
    ['PROCUREMENT_INFO_DEADLINE', '0d', 'positive duration'],
    ['PROCUREMENT_SUPPLIER_REMINDER', '-2d', 'positive duration'],
    ['PROCUREMENT_QUOTE_WINDOW', '5days', 'positive duration'],
    ['PROCUREMENT_CORRECTION_WINDOW', '1h30m', 'positive duration'],
    ['PROCUREMENT_MAX_SUPPLIERS', '2.5', 'must be an integer >= 1'],
    ['PROCUREMENT_MAX_SUPPLIERS', '0', 'must be an integer >= 1'],
    ['SUPPORT_AGENTS', 'ana@shop.example,,ben', 'email addresses separated by commas'],
    ['SUPPORT_SUPERVISOR', 'Lead <lead@shop.example>', 'must be an email address'],
    ['SUPPORT_REFUND_LIMIT', '100 EUR', 'must be a number'],
    ['SUPPORT_CURRENCY', 'EURO', 'ISO 4217'],
    ['SUPPORT_MIN_CONFIDENCE', '1.5', 'between 0 and 1'],
    ['SUPPORT_CLOSE_AFTER', '3', 'positive duration'],
    ['SUPPORT_APPROVAL_REMINDER', 'soon', 'positive duration'],
    ['SUPPORT_APPROVAL_ESCALATION', '1h', 'must be longer than SUPPORT_APPROVAL_REMINDER'],
    ['FLOW_SEARCH_ATTRIBUTES', 'maybe', 'must be true or false'],
    ['FLOW_REQUESTER_ATTRIBUTE', 'encrypted', 'must be one of plain, hashed, off'],
    ['PROCUREMENT_MAILBOX', 'Purchasing', 'must be an email address'],
    ['SUPPORT_MAILBOX', 'help@localhost', 'must be an email address'],
    ['REPLY_FROM', 'a@b.example, c@d.example', 'must be an email address'],
    ['PROCUREMENT_REQUESTERS', 'alice', 'must be email addresses'],
    ['PROCUREMENT_REQUESTER_DOMAINS', '*.acme.example', 'must be domain names'],
    ['PROCUREMENT_REQUESTER_DOMAINS', 'alice@acme.example', 'must be domain names'],
    ['AUTO_REPLY_LIMIT_PER_THREAD', '-1', 'must be an integer'],
    ['AUTO_REPLY_LIMIT_PER_SENDER', '2.5', 'must be an integer'],
    ['AUTO_REPLY_WINDOW', '24', 'positive duration'],
    ['PROCUREMENT_MAX_CLARIFICATIONS', 'two', 'must be an integer'],
  ])('names %s in the error for %j', (variable, value, problem) => {
    const error = (() => {
      try {
        installedFlowConfigFromEnv({ [variable]: value });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FlowConfigError);
    expect(error).toMatchObject({ name: 'EnvVariableError', code: 'ConfigInvalid', variable });
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(problem);
    if (!problem.startsWith('must be longer')) expect((error as Error).message).toContain(JSON.stringify(value));
  });
});

describe('outbound identity (mailboxes)', () => {
  it('has documented defaults, one per flow and one for the orchestrator', () => {
    expect(DEFAULTS.mailboxes).toEqual({
      procurement: { address: 'purchasing@orchestrator.local', name: 'Purchasing' },
      support: { address: 'support@orchestrator.local', name: 'Customer Support' },
      orchestrator: { address: 'orchestrator@orchestrator.local', name: 'Agent Orchestrator' },
    });
    const { mailboxes } = DEFAULTS;
    expect([
      mailboxFor(mailboxes, 'procurement'),
      mailboxFor(mailboxes, 'support'),
      mailboxFor(mailboxes, 'unknown'),
      mailboxFor(mailboxes, undefined),
    ]).toEqual([mailboxes.procurement, mailboxes.support, mailboxes.orchestrator, mailboxes.orchestrator]);
  });

  it('reads PROCUREMENT_MAILBOX and SUPPORT_MAILBOX, falling back to REPLY_FROM', () => {
    expect(installedFlowConfigFromEnv({ PROCUREMENT_MAILBOX: '"Acme Purchasing" <buy@acme.example>', SUPPORT_MAILBOX: 'help@acme.example' }).mailboxes).toEqual(
      {
        procurement: { address: 'buy@acme.example', name: 'Acme Purchasing' },
        support: { address: 'help@acme.example' },
        orchestrator: DEFAULTS.mailboxes.orchestrator,
      },
    );
    const robot = { address: 'robot@acme.example', name: 'Acme' };
    expect(installedFlowConfigFromEnv({ REPLY_FROM: 'Acme <robot@acme.example>' }).mailboxes).toEqual({
      procurement: robot,
      support: robot,
      orchestrator: robot,
    });
    expect(installedFlowConfigFromEnv({ REPLY_FROM: 'robot@acme.example', SUPPORT_MAILBOX: 'help@acme.example' }).mailboxes.support).toEqual({
      address: 'help@acme.example',
    });
  });

  it('copies overrides, leaving the defaults alone', () => {
    const config = installedFlowConfig({ mailboxes: { support: { address: 'help@acme.example' } } });
    expect(config.mailboxes.support).toEqual({ address: 'help@acme.example' });
    config.mailboxes.procurement.address = 'x@example.com';
    expect(DEFAULTS.mailboxes.procurement.address).toBe('purchasing@orchestrator.local');
  });
});

describe('trust settings from the environment', () => {
  it('trusts nobody and allows a few automatic replies a day when nothing is set', () => {
    expect(installedFlowConfigFromEnv({}).trust).toEqual({
      procurementRequesters: { addresses: [], domains: [] },
      autoReplies: { perThread: 5, perSender: 10, windowMs: 86_400_000 },
    });
  });

  it('reads requesters, domains (lowercased) and the limits', () => {
    const config = installedFlowConfigFromEnv({
      PROCUREMENT_REQUESTERS: 'Alice@Acme.example, bob@partner.example',
      PROCUREMENT_REQUESTER_DOMAINS: 'ACME.example,acme-industries.example',
      AUTO_REPLY_LIMIT_PER_THREAD: '3',
      AUTO_REPLY_LIMIT_PER_SENDER: '0',
      AUTO_REPLY_WINDOW: '12h',
      PROCUREMENT_MAX_CLARIFICATIONS: '1',
    });
    expect(config.trust).toEqual({
      procurementRequesters: { addresses: ['alice@acme.example', 'bob@partner.example'], domains: ['acme.example', 'acme-industries.example'] },
      autoReplies: { perThread: 3, perSender: 0, windowMs: 12 * 3_600_000 },
    });
    expect(config.procurement.maxClarifications).toBe(1);
  });
});

describe('approval policies', () => {
  it('defaults to today’s behaviour: the first decision decides, no tiers', () => {
    expect(installedFlowConfigFromEnv({}).procurement.approvalPolicy).toEqual({ mode: 'first', tiers: [] });
    expect(DEFAULTS.support.refundApprovalPolicy).toEqual({ mode: 'first', tiers: [] });
  });

  it('reads each flow’s mode and tiers into the flow configuration', () => {
    const flows = installedFlowConfigFromEnv({
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
    const start = () => installedFlowConfigFromEnv({ [variable]: value });
    expect(start).toThrow(FlowConfigError);
    expect(start).toThrow(message);
    try {
      start();
    } catch (error) {
      expect(error).toMatchObject({ variable, code: 'ConfigInvalid' });
    }
  });
});

describe('approval policies given in code', () => {
  it('checks a policy given in code when the configuration is built', () => {
    const bad = {
      mode: 'all' as const,
      tiers: [
        { above: 10, approvers: ['a@example.com'] },
        { above: 5, approvers: ['b@example.com'] },
      ],
    };
    expect(() => installedFlowConfig({ procurement: { approvalPolicy: bad } })).toThrow(EnvVariableError);
    expect(() => installedFlowConfig({ support: { refundApprovalPolicy: bad } })).toThrow(
      'support.refundApprovalPolicy is not a valid approval policy: tiers.1.above',
    );
    expect(checkedApproverPolicy({ mode: 'all', tiers: [] }, 'x')).toEqual({ mode: 'all', tiers: [] });
  });
});
