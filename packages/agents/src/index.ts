/**
 * Agents of Agent Orchestrator: steps that read an email and decide or write something, returning
 * data validated against a schema. Providers sit behind one interface: `rules` (deterministic,
 * offline, the default) and `openai` (any OpenAI-compatible chat-completions server).
 *
 * Agents return data only. Decisions with consequences (approving a purchase, issuing a refund,
 * replying to a new address) are taken by policy code in the workflow, never by model output alone.
 *
 * @example
 * import { createAgents, providerFromEnv } from '@org/orchestrator-agents';
 * const agents = createAgents(providerFromEnv(process.env)); // AGENT_PROVIDER=rules|openai
 * const { output, usage } = await agents.classifyThread({ subject, text, from, receivedAt });
 * // output: { flow: 'procurement', intent: 'purchase-request', urgency: 'normal', language: 'en', ... }
 *
 * @module
 */
export { createAgents, runAgentTask } from './agent';
export type { Agents } from './agent';
export type { AgentCallOptions, AgentEmail, AgentEmailSource, AgentPrompt, AgentProvider, AgentResult, AgentSender, AgentTask } from './task';
export {
  AGENT_OUTPUT_INVALID,
  AGENT_REQUEST_REJECTED,
  AGENT_UNAVAILABLE,
  AgentOutputInvalidError,
  AgentRequestRejectedError,
  AgentUnavailableError,
} from './errors';
export type { AgentOutputIssue } from './errors';
export { AGENT_ENV, AGENT_PROVIDERS, DEFAULT_OPENAI_MODEL, agentConfigFromEnv, providerFromEnv } from './config';
export type { AgentConfig, AgentProviderName } from './config';
export { OpenAICompatibleProvider, responseJsonSchema, validationFeedback } from './providers/openai-compatible';
export type { OpenAICompatibleOptions } from './providers/openai-compatible';
export { RULES_MODEL, RulesProvider } from './providers/rules/rules-provider';
export type { RulesHandler, RulesProviderOptions } from './providers/rules/rules-provider';
export { stripInjections } from './providers/rules/text';
// Text helpers and the thread classification by rules, for flows' own rules (the support flow's draft).
export { sentences, splitSignature, stripQuoted, tokens } from './providers/rules/text';
export { classifyByRules } from './providers/rules/classify';
// Parsing helpers for flows' own rules (numbers in either convention, currency words and amounts, dates
// and durations in many forms, a supplier's decline): the procurement flow's request and quote rules.
export { currencyCode, dominantCurrency, findMoney, parseNumber } from './providers/rules/numbers';
export type { MoneyMatch } from './providers/rules/numbers';
export { DURATION, addDays, findDates, isoDate, parseDuration, referenceDay } from './providers/rules/dates';
export type { DateMatch } from './providers/rules/dates';
export { clean } from './providers/rules/text';
export { DECLINE } from './providers/rules/decline';
export { UNTRUSTED_INPUT_RULES, systemPrompt, wrapConversation, wrapEmail } from './tasks/prompt';
export type { AgentConversation } from './tasks/prompt';
export {
  AGENT_FLOWS,
  AGENT_INTENTS,
  CLASSIFY_CONFIDENCE_THRESHOLD,
  INTENTS_BY_FLOW,
  PROCUREMENT_INTENTS,
  SUPPORT_INTENTS,
  classifyThreadOutputSchema,
  classifyThreadTask,
  toContractFlow,
} from './tasks/classify-thread';
export type {
  AgentFlow,
  AgentIntent,
  ClassifyThreadInput,
  ClassifyThreadOutput,
  ProcurementIntent,
  Sentiment,
  SupportIntent,
  Urgency,
} from './tasks/classify-thread';
export { DEFAULT_SUMMARY_MAX_CHARS, summarizeThreadOutputSchema, summarizeThreadTask } from './tasks/summarize-thread';
export type { SummarizeThreadInput, SummarizeThreadOutput } from './tasks/summarize-thread';
