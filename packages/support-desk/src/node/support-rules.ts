import type { RulesHandler } from '@org/orchestrator-agents';
import { draftByRules } from './rules/draft';

/**
 * The support flow's rules by task name, for the offline provider:
 * `new RulesProvider({ rules: SUPPORT_RULES })` (the worker gets them through `flowAgentRules()`).
 */
export const SUPPORT_RULES: Readonly<Record<string, RulesHandler>> = {
  draft_support_answer: draftByRules,
};
