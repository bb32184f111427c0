import { envSchemas, readEnv } from '@org/orchestrator-contracts';
import { OpenAICompatibleProvider } from './providers/openai-compatible';
import { RulesProvider } from './providers/rules/rules-provider';
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

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  return readEnv(env, name, envSchemas.integer(min)) ?? fallback;
}

/**
 * Reads the agent configuration:
 * `AGENT_PROVIDER` (`rules` | `openai`, default `rules`), `AGENT_MODEL`, `OPENAI_BASE_URL`,
 * `OPENAI_API_KEY` (optional for local servers), `AGENT_TIMEOUT_MS` (default 60000),
 * `AGENT_MAX_RETRIES` (SDK transport retries, default 2), `AGENT_MAX_VALIDATION_RETRIES` (default 1).
 * Throws `EnvVariableError` naming the variable on invalid values, so a worker fails at start rather than on its first email.
 */
export function agentConfigFromEnv(env: Record<string, string | undefined> = process.env): AgentConfig {
  const provider: AgentProviderName = readEnv(env, 'AGENT_PROVIDER', envSchemas.oneOf(AGENT_PROVIDERS)) ?? 'rules';
  return {
    provider,
    model: env['AGENT_MODEL']?.trim() || (provider === 'rules' ? 'rules-v1' : DEFAULT_OPENAI_MODEL),
    baseURL: env['OPENAI_BASE_URL']?.trim() || undefined,
    apiKey: env['OPENAI_API_KEY']?.trim() || undefined,
    timeoutMs: integer(env, 'AGENT_TIMEOUT_MS', 60_000, 1),
    maxRetries: integer(env, 'AGENT_MAX_RETRIES', 2, 0),
    maxValidationRetries: integer(env, 'AGENT_MAX_VALIDATION_RETRIES', 1, 0),
  };
}

/**
 * The provider chosen by the environment (see {@link agentConfigFromEnv}).
 *
 * @example
 * // Ollama on this machine:
 * // AGENT_PROVIDER=openai OPENAI_BASE_URL=http://localhost:11434/v1 AGENT_MODEL=llama3.1:8b
 * const agents = createAgents(providerFromEnv(process.env));
 */
export function providerFromEnv(env: Record<string, string | undefined> = process.env): AgentProvider {
  const config = agentConfigFromEnv(env);
  if (config.provider === 'rules') return new RulesProvider();
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
