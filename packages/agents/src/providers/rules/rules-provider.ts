import { AgentOutputInvalidError, toOutputIssues } from '../../errors';
import type { AgentCallOptions, AgentProvider, AgentResult, AgentTask } from '../../task';
import { classifyByRules } from './classify';
import { summarizeByRules } from './summarize';

/** Model name reported by the rules provider; bump when the rules change behaviour. */
export const RULES_MODEL = 'rules-v1';

/**
 * The rules for one task: takes the task's input, returns output the task's schema validates.
 * Flows bring the rules of their own tasks (see {@link RulesProviderOptions.rules}).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RulesHandler = (input: any) => unknown;
type Handler = RulesHandler;

const HANDLERS: Record<string, Handler> = {
  classify_thread: classifyByRules,
  summarize_thread: summarizeByRules,
};

/** Rough token estimate (4 characters per token), so usage totals are comparable across providers. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Options of {@link RulesProvider}. */
export interface RulesProviderOptions {
  /**
   * Rules for more tasks, by task name (a flow's own tasks, e.g. `read_invoice`). A name the
   * provider already has rules for is refused: built-in rules are not replaced silently.
   */
  rules?: Readonly<Record<string, RulesHandler>>;
}

/**
 * The deterministic, offline provider: keyword, pattern, number and date rules. Same input, same
 * output. Usage reports model `rules-v1`, estimated tokens and the measured latency.
 * @example
 * new RulesProvider(); // the built-in tasks: the thread core's classify_thread and summarize_thread
 * new RulesProvider({ rules: { read_invoice: readInvoiceByRules } }); // plus a flow's own
 */
export class RulesProvider implements AgentProvider {
  readonly name = 'rules';

  /** Task names of the built-in rules. */
  static readonly tasks: readonly string[] = Object.keys(HANDLERS);

  private readonly handlers: Readonly<Record<string, Handler>>;

  constructor(options: RulesProviderOptions = {}) {
    const extra = options.rules ?? {};
    const clash = Object.keys(extra).filter((name) => Object.hasOwn(HANDLERS, name));
    if (clash.length > 0) throw new TypeError(`RulesProvider: rules for ${clash.join(', ')} are built in and cannot be replaced`);
    this.handlers = { ...HANDLERS, ...extra };
  }

  /** Task names this provider answers: the built-in ones and those given. */
  get tasks(): readonly string[] {
    return Object.keys(this.handlers);
  }

  async complete<TInput, TOutput>(task: AgentTask<TInput, TOutput>, input: TInput, options: AgentCallOptions = {}): Promise<AgentResult<TOutput>> {
    const started = performance.now();
    options.signal?.throwIfAborted();
    const handler = Object.hasOwn(this.handlers, task.name) ? this.handlers[task.name] : undefined;
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
