import type { RulesHandler } from '@org/orchestrator-agents';
import { extractByRules } from './rules/extract';
import { readQuoteByRules } from './rules/quote';

/**
 * The procurement flow's rules by task name, for the offline provider:
 * `new RulesProvider({ rules: PROCUREMENT_RULES })` (the worker gets them through `flowAgentRules()`).
 */
export const PROCUREMENT_RULES: Readonly<Record<string, RulesHandler>> = {
  extract_purchase_request: extractByRules,
  read_quote: readQuoteByRules,
};
