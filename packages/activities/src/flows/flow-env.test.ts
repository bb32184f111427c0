import { EnvVariableError } from '@org/orchestrator-contracts';
import { DEFAULT_FLOW_CONFIG } from './flow-config';
import { FLOW_ENV, FLOW_POLICY_ENV, FLOW_SENDER_ENV, FLOW_TRUST_ENV, envMailboxSchema, flowConfigFromEnv } from './flow-env';

describe('FLOW_ENV', () => {
  it('documents the defaults the code uses: each declared default, set explicitly, changes nothing', () => {
    const env: Record<string, string> = {};
    for (const spec of [...FLOW_POLICY_ENV, ...FLOW_TRUST_ENV]) {
      const plain = /^`([^`]+)`$/.exec(spec.default);
      if (plain) env[spec.name] = plain[1] as string;
    }
    expect(Object.keys(env)).toHaveLength(Object.values(FLOW_ENV).length - FLOW_SENDER_ENV.length - 2); // all but the sender and requester lists
    expect(flowConfigFromEnv(env)).toEqual(DEFAULT_FLOW_CONFIG);
  });

  it('splits its variables into the README’s three tables without overlap', () => {
    const names = [...FLOW_SENDER_ENV, ...FLOW_POLICY_ENV, ...FLOW_TRUST_ENV].map((spec) => spec.name);
    expect(new Set(names).size).toBe(Object.values(FLOW_ENV).length);
  });

  it('reads a mailbox as `Name <address>` or an address, naming the variable otherwise', () => {
    const schema = envMailboxSchema('Support <help@example.com>');
    expect(schema.parse('"Help Desk" <help@shop.example>')).toEqual({ address: 'help@shop.example', name: 'Help Desk' });
    expect(() => flowConfigFromEnv({ REPLY_FROM: 'Robot <robot@>' })).toThrow(
      new EnvVariableError('REPLY_FROM', 'must be an email address like "Orchestrator <orchestrator@example.com>", got "Robot <robot@>"'),
    );
  });
});
