import type { EnvSource } from '@org/orchestrator-contracts';
import { defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import { OpenAICompatibleProvider } from './providers/openai-compatible';
import { RulesProvider } from './providers/rules/rules-provider';
import type { RulesProviderOptions } from './providers/rules/rules-provider';
import type { AgentProvider } from './task';

/** Provider names accepted by `AGENT_PROVIDER`. */
export const AGENT_PROVIDERS = ['rules', 'openai'] as const;
export type AgentProviderName = (typeof AGENT_PROVIDERS)[number];

/** Default model of the `openai` provider when `AGENT_MODEL` is not set. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/** The agent settings read from the environment (see {@link agentConfigFromEnv}). */
export interface AgentConfig {
  provider: AgentProviderName;
  model: string;
  baseURL?: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
  maxValidationRetries: number;
}

/** The agents' variables, declared once: read below, tabled in this package's and the worker's README. */
export const AGENT_ENV = {
  provider: defineEnvVariable({
    name: 'AGENT_PROVIDER',
    schema: envSchemas.oneOf(AGENT_PROVIDERS),
    default: '`rules`',
    meaning: '`rules`: deterministic and offline; `openai`: any OpenAI-compatible server',
  }),
  model: defineEnvVariable({
    name: 'AGENT_MODEL',
    schema: envSchemas.text('a model name as the server knows it'),
    default: `\`${DEFAULT_OPENAI_MODEL}\` (\`openai\`)`,
    meaning: 'The model the `openai` provider asks for',
  }),
  baseUrl: defineEnvVariable({
    name: 'OPENAI_BASE_URL',
    schema: envSchemas.text('an http(s) URL'),
    default: 'OpenAI',
    meaning:
      'e.g. `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM), `http://localhost:1234/v1` (LM Studio), `https://<resource>.openai.azure.com/openai/v1` (Azure OpenAI; the key is also sent as `api-key`)',
  }),
  apiKey: defineEnvVariable({
    name: 'OPENAI_API_KEY',
    schema: envSchemas.text('an API key'),
    default: 'unset (a placeholder is sent)',
    meaning: 'Optional for local servers',
  }),
  timeoutMs: defineEnvVariable({
    name: 'AGENT_TIMEOUT_MS',
    schema: envSchemas.integer(1),
    default: '`60000`',
    meaning: 'Timeout of one HTTP request, in milliseconds',
  }),
  maxRetries: defineEnvVariable({
    name: 'AGENT_MAX_RETRIES',
    schema: envSchemas.integer(0),
    default: '`2`',
    meaning: 'Transport retries done by the `openai` SDK (connection errors, timeouts, 408/409/429 honouring `retry-after`, 5xx)',
  }),
  maxValidationRetries: defineEnvVariable({
    name: 'AGENT_MAX_VALIDATION_RETRIES',
    schema: envSchemas.integer(0),
    default: '`1`',
    meaning: 'How often an invalid answer is sent back with its validation errors',
  }),
} as const;

/**
 * Reads the agent configuration:
 * `AGENT_PROVIDER` (`rules` | `openai`, default `rules`), `AGENT_MODEL`, `OPENAI_BASE_URL`,
 * `OPENAI_API_KEY` (optional for local servers), `AGENT_TIMEOUT_MS` (default 60000),
 * `AGENT_MAX_RETRIES` (SDK transport retries, default 2), `AGENT_MAX_VALIDATION_RETRIES` (default 1).
 * Throws `EnvVariableError` naming the variable on invalid values, so a worker fails at start rather than on its first email.
 */
export function agentConfigFromEnv(env: EnvSource = process.env): AgentConfig {
  const provider: AgentProviderName = readEnvVariable(env, AGENT_ENV.provider) ?? 'rules';
  return {
    provider,
    model: readEnvVariable(env, AGENT_ENV.model) ?? (provider === 'rules' ? 'rules-v1' : DEFAULT_OPENAI_MODEL),
    baseURL: readEnvVariable(env, AGENT_ENV.baseUrl),
    apiKey: readEnvVariable(env, AGENT_ENV.apiKey),
    timeoutMs: readEnvVariable(env, AGENT_ENV.timeoutMs) ?? 60_000,
    maxRetries: readEnvVariable(env, AGENT_ENV.maxRetries) ?? 2,
    maxValidationRetries: readEnvVariable(env, AGENT_ENV.maxValidationRetries) ?? 1,
  };
}

/**
 * The provider chosen by the environment (see {@link agentConfigFromEnv}); `options` are the rules
 * provider's (the rules of installed flows' own tasks).
 *
 * @example
 * // Ollama on this machine:
 * // AGENT_PROVIDER=openai OPENAI_BASE_URL=http://localhost:11434/v1 AGENT_MODEL=llama3.1:8b
 * const agents = createAgents(providerFromEnv(process.env));
 */
export function providerFromEnv(env: EnvSource = process.env, options: RulesProviderOptions = {}): AgentProvider {
  const config = agentConfigFromEnv(env);
  if (config.provider === 'rules') return new RulesProvider(options);
  return new OpenAICompatibleProvider({
    model: config.model,
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    maxValidationRetries: config.maxValidationRetries,
    // Azure OpenAI's v1 endpoint takes the key in an `api-key` header rather than as a bearer token.
    defaultHeaders: config.apiKey && config.baseURL?.includes('.openai.azure.com') ? { 'api-key': config.apiKey } : undefined,
  });
}
