import { AgentOutputInvalidError, toOutputIssues } from '../../errors';
import type { AgentCallOptions, AgentProvider, AgentResult, AgentTask } from '../../task';
import { classifyByRules } from './classify';
import { draftByRules } from './draft';
import { extractByRules } from './extract';
import { readQuoteByRules } from './quote';
import { summarizeByRules } from './summarize';

/** Model name reported by the rules provider; bump when the rules change behaviour. */
export const RULES_MODEL = 'rules-v1';

// Each handler takes the task's input; the registry is keyed by task name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (input: any) => unknown;

const HANDLERS: Record<string, Handler> = {
  classify_thread: classifyByRules,
  extract_purchase_request: extractByRules,
  read_quote: readQuoteByRules,
  draft_support_answer: draftByRules,
  summarize_thread: summarizeByRules,
};

/** Rough token estimate (4 characters per token), so usage totals are comparable across providers. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The deterministic, offline provider: keyword, pattern, number and date rules. Same input, same
 * output. Usage reports model `rules-v1`, estimated tokens and the measured latency.
 */
export class RulesProvider implements AgentProvider {
  readonly name = 'rules';

  /** Task names this provider can answer. */
  static readonly tasks: readonly string[] = Object.keys(HANDLERS);

  async complete<TInput, TOutput>(task: AgentTask<TInput, TOutput>, input: TInput, options: AgentCallOptions = {}): Promise<AgentResult<TOutput>> {
    const started = performance.now();
    options.signal?.throwIfAborted();
    const handler = HANDLERS[task.name];
    if (!handler) throw new Error(`The rules provider has no rules for task ${task.name}`);
    const raw = handler(input);
    const parsed = task.schema.safeParse(raw);
    if (!parsed.success) {
      throw new AgentOutputInvalidError(task.name, toOutputIssues(parsed.error.issues), JSON.stringify(raw), 1);
    }
    const prompt = task.prompt(input);
    return {
      output: parsed.data,
      usage: {
        provider: this.name,
        model: RULES_MODEL,
        inputTokens: estimateTokens(prompt.system + prompt.user),
        outputTokens: estimateTokens(JSON.stringify(parsed.data)),
        latencyMs: Math.round(performance.now() - started),
        attempts: 1,
      },
    };
  }
}
