import type { EmailAddress } from '@org/orchestrator-contracts';
import { EnvVariableError, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import { DEFAULT_COMMON_FLOW_CONFIG, FlowConfigError, flowConfig, mailboxFor, parseDuration, parseMailbox, withPatch } from './flow-config';
import type { FlowEnvSettings } from './flow-env';
import { FLOW_ENV, envMailboxSchema, flowConfigFromEnv, flowMailboxFromEnv } from './flow-env';

// The flows' own parts are tested in their packages, and all installed together in installed-flows.
// Here a sample flow shows how a part is declared, built and read.
interface SampleConfig {
  limit: number;
  approvers: string[];
}
declare module './flow-config' {
  interface FlowConfigParts {
    sample?: SampleConfig;
  }
  interface FlowConfigOverrideParts {
    sample?: Partial<SampleConfig>;
  }
  interface FlowMailboxes {
    sample?: EmailAddress;
  }
}

const SAMPLE_ENV = {
  mailbox: defineEnvVariable({ name: 'SAMPLE_MAILBOX', schema: envMailboxSchema('Sample <sample@example.com>'), default: 'REPLY_FROM', meaning: 'sender' }),
  limit: defineEnvVariable({ name: 'SAMPLE_LIMIT', schema: envSchemas.number({ min: 0 }), default: '`10`', meaning: 'limit' }),
};
const SAMPLE_MAILBOX = { address: 'sample@orchestrator.local', name: 'Sample' };
const sampleSettings: FlowEnvSettings = {
  env: Object.values(SAMPLE_ENV),
  fromEnv(env) {
    const limit = readEnvVariable(env, SAMPLE_ENV.limit, FlowConfigError);
    const mailbox = flowMailboxFromEnv(env, SAMPLE_ENV.mailbox);
    return { ...(limit === undefined ? {} : { sample: { limit } }), ...(mailbox ? { mailboxes: { sample: mailbox } } : {}) };
  },
  configure({ sample = {}, mailboxes }) {
    return { sample: { limit: 10, approvers: ['boss@example.com'], ...sample }, mailboxes: { sample: { ...(mailboxes?.sample ?? SAMPLE_MAILBOX) } } };
  },
};
const sample = { settings: sampleSettings };

describe(parseDuration, () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['1.5h', 5_400_000],
    ['5d', 432_000_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '10', 'h', '1h30m', '-1h', '0s', '1 h', '1H', '1w', 'abc', '1.h', '.5h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe(flowConfig, () => {
  it('without flows: the common defaults, as a copy', () => {
    const config = flowConfig();
    expect(config).toEqual(DEFAULT_COMMON_FLOW_CONFIG);
    config.mailboxes.orchestrator.address = 'x@example.com';
    config.trust.autoReplies.perThread = 99;
    expect(DEFAULT_COMMON_FLOW_CONFIG.mailboxes.orchestrator.address).toBe('orchestrator@orchestrator.local');
    expect(DEFAULT_COMMON_FLOW_CONFIG.trust.autoReplies.perThread).toBe(5);
  });

  it('adds each flow’s part, built by its module from the overrides', () => {
    expect(flowConfig({}, [sample]).sample).toEqual({ limit: 10, approvers: ['boss@example.com'] });
    const config = flowConfig({ sample: { limit: 3 }, searchAttributes: false, trust: { autoReplies: { perSender: 1 } } }, [sample]);
    expect(config.sample).toEqual({ limit: 3, approvers: ['boss@example.com'] });
    expect(config.searchAttributes).toBe(false);
    expect(config.trust.autoReplies).toEqual({ perThread: 5, perSender: 1, windowMs: 86_400_000 });
    expect(config.mailboxes).toEqual({ orchestrator: DEFAULT_COMMON_FLOW_CONFIG.mailboxes.orchestrator, sample: SAMPLE_MAILBOX });
  });

  it('is plain JSON, as a workflow history records it', () => {
    const config = flowConfig({}, [sample]);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });
});

describe(withPatch, () => {
  it('replaces top-level entries and merges mailboxes and trust by entry', () => {
    const base = { a: 1, mailboxes: { x: 1 }, trust: { t: 1 } };
    expect(withPatch(base, { mailboxes: { y: 2 }, trust: { u: 2 } })).toEqual({ a: 1, mailboxes: { x: 1, y: 2 }, trust: { t: 1, u: 2 } });
    expect(base).toEqual({ a: 1, mailboxes: { x: 1 }, trust: { t: 1 } });
  });
});

describe(flowConfigFromEnv, () => {
  it('gives the defaults for an empty environment (blank values count as unset)', () => {
    expect(flowConfigFromEnv({})).toEqual(DEFAULT_COMMON_FLOW_CONFIG);
    expect(flowConfigFromEnv({ REPLY_FROM: '  ', AUTO_REPLY_WINDOW: '' }, [sample])).toEqual(flowConfig({}, [sample]));
  });

  it('reads the common variables and each flow’s', () => {
    const config = flowConfigFromEnv(
      {
        FLOW_SEARCH_ATTRIBUTES: 'false',
        FLOW_REQUESTER_ATTRIBUTE: 'Hashed',
        AUTO_REPLY_LIMIT_PER_THREAD: '3',
        AUTO_REPLY_LIMIT_PER_SENDER: '0',
        AUTO_REPLY_WINDOW: '12h',
        SAMPLE_LIMIT: '4',
      },
      [sample],
    );
    expect(config.searchAttributes).toBe(false);
    expect(config.requesterAttribute).toBe('hashed');
    expect(config.trust.autoReplies).toEqual({ perThread: 3, perSender: 0, windowMs: 12 * 3_600_000 });
    expect(config.sample).toEqual({ limit: 4, approvers: ['boss@example.com'] });
  });

  it('gives a flow’s mailbox its variable, else REPLY_FROM, else the flow’s default', () => {
    const robot = { address: 'robot@acme.example', name: 'Acme' };
    expect(flowConfigFromEnv({ REPLY_FROM: 'Acme <robot@acme.example>' }, [sample]).mailboxes).toEqual({ orchestrator: robot, sample: robot });
    expect(flowConfigFromEnv({ REPLY_FROM: 'robot@acme.example', SAMPLE_MAILBOX: 'help@acme.example' }, [sample]).mailboxes).toEqual({
      orchestrator: { address: 'robot@acme.example' },
      sample: { address: 'help@acme.example' },
    });
    expect(flowConfigFromEnv({}, [sample]).mailboxes.orchestrator).toEqual(DEFAULT_COMMON_FLOW_CONFIG.mailboxes.orchestrator);
  });

  it.each([
    ['FLOW_SEARCH_ATTRIBUTES', 'maybe', 'must be true or false'],
    ['FLOW_REQUESTER_ATTRIBUTE', 'encrypted', 'must be one of plain, hashed, off'],
    ['REPLY_FROM', 'a@b.example, c@d.example', 'must be an email address'],
    ['AUTO_REPLY_LIMIT_PER_THREAD', '-1', 'must be an integer'],
    ['AUTO_REPLY_LIMIT_PER_SENDER', '2.5', 'must be an integer'],
    ['AUTO_REPLY_WINDOW', '24', 'positive duration'],
    ['SAMPLE_LIMIT', 'lots', 'must be a number'],
    ['SAMPLE_MAILBOX', 'Sample', 'must be an email address'],
  ])('names %s in the error for %j', (variable, value, problem) => {
    const read = () => flowConfigFromEnv({ [variable]: value }, [sample]);
    expect(read).toThrow(FlowConfigError);
    expect(read).toThrow(problem);
    expect(read).toThrow(JSON.stringify(value));
    try {
      read();
    } catch (error) {
      expect(error).toMatchObject({ name: 'EnvVariableError', code: 'ConfigInvalid', variable });
    }
  });

  it('reads a mailbox as `Name <address>` or an address, naming the variable otherwise', () => {
    const schema = envMailboxSchema('Support <help@example.com>');
    expect(schema.parse('"Help Desk" <help@shop.example>')).toEqual({ address: 'help@shop.example', name: 'Help Desk' });
    expect(() => flowConfigFromEnv({ REPLY_FROM: 'Robot <robot@>' })).toThrow(
      new EnvVariableError('REPLY_FROM', 'must be an email address like "Orchestrator <orchestrator@example.com>", got "Robot <robot@>"'),
    );
    expect(FLOW_ENV.replyFrom.name).toBe('REPLY_FROM');
  });
});

describe('outbound identity (mailboxes)', () => {
  it('sends the mail of a flow without a mailbox, and of threads no flow took, from the orchestrator’s', () => {
    const { mailboxes } = flowConfig({}, [sample]);
    expect([mailboxFor(mailboxes, 'invoice'), mailboxFor(mailboxes, 'unknown'), mailboxFor(mailboxes, undefined)]).toEqual([
      mailboxes.orchestrator,
      mailboxes.orchestrator,
      mailboxes.orchestrator,
    ]);
    // A flow's own mailbox: installed-flows' tests (procurement, support).
  });

  it('parses the usual address forms only', () => {
    expect(parseMailbox('Purchasing <buy@acme.example>')).toEqual({ address: 'buy@acme.example', name: 'Purchasing' });
    expect(parseMailbox('buy@acme.example')).toEqual({ address: 'buy@acme.example' });
    expect(parseMailbox('<buy@acme.example>')).toEqual({ address: 'buy@acme.example' });
    expect(parseMailbox('buy@acme.example, evil@x.example')).toBeUndefined();
    expect(parseMailbox('Purchasing')).toBeUndefined();
  });
});
