import { agentConfigFromEnv, providerFromEnv } from '../config';
import { OpenAICompatibleProvider } from '../providers/openai-compatible';
import { RulesProvider } from '../providers/rules/rules-provider';

describe(providerFromEnv, () => {
  it('defaults to the rules provider', () => {
    expect(providerFromEnv({})).toBeInstanceOf(RulesProvider);
  });

  it('builds the OpenAI-compatible provider from two variables', () => {
    const provider = providerFromEnv({ AGENT_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://localhost:11434/v1', AGENT_MODEL: 'llama3.1:8b' });
    expect(provider).toBeInstanceOf(OpenAICompatibleProvider);
    expect((provider as OpenAICompatibleProvider).model).toBe('llama3.1:8b');
  });

  it('rejects unknown providers and bad numbers at start-up', () => {
    expect(() => providerFromEnv({ AGENT_PROVIDER: 'gpt' })).toThrow('AGENT_PROVIDER must be one of rules, openai');
    expect(() => agentConfigFromEnv({ AGENT_TIMEOUT_MS: 'soon' })).toThrow('AGENT_TIMEOUT_MS must be an integer >= 1');
    expect(() => agentConfigFromEnv({ AGENT_MAX_VALIDATION_RETRIES: '-1' })).toThrow('AGENT_MAX_VALIDATION_RETRIES');
  });
});

describe(agentConfigFromEnv, () => {
  it('reads every setting with defaults', () => {
    expect(agentConfigFromEnv({ AGENT_PROVIDER: 'openai' })).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      baseURL: undefined,
      apiKey: undefined,
      timeoutMs: 60_000,
      maxRetries: 2,
      maxValidationRetries: 1,
    });
    expect(
      agentConfigFromEnv({
        AGENT_PROVIDER: 'OpenAI',
        OPENAI_API_KEY: 'sk-x',
        AGENT_TIMEOUT_MS: '30000',
        AGENT_MAX_RETRIES: '0',
        AGENT_MAX_VALIDATION_RETRIES: '2',
      }),
    ).toMatchObject({ provider: 'openai', apiKey: 'sk-x', timeoutMs: 30_000, maxRetries: 0, maxValidationRetries: 2 });
  });
});
