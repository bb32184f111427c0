import { AgentOutputInvalidError, toOutputIssues } from './errors';
import type { AgentCallOptions, AgentProvider, AgentResult, AgentTask } from './task';
import { classifyThreadTask } from './tasks/classify-thread';
import type { ClassifyThreadInput, ClassifyThreadOutput } from './tasks/classify-thread';
import { summarizeThreadTask } from './tasks/summarize-thread';
import type { SummarizeThreadInput, SummarizeThreadOutput } from './tasks/summarize-thread';

/**
 * Runs one task on a provider and validates the output once more against the task's schema, so a
 * custom provider cannot hand unvalidated data to a workflow. Returns plain JSON (output + usage).
 */
export async function runAgentTask<TInput, TOutput>(
  provider: AgentProvider,
  task: AgentTask<TInput, TOutput>,
  input: TInput,
  options: AgentCallOptions = {},
): Promise<AgentResult<TOutput>> {
  const result = await provider.complete(task, input, options);
  const parsed = task.schema.safeParse(result.output);
  if (!parsed.success) {
    throw new AgentOutputInvalidError(task.name, toOutputIssues(parsed.error.issues), JSON.stringify(result.output), result.usage.attempts);
  }
  return { output: parsed.data, usage: { ...result.usage } };
}

/** The thread core's agent tasks bound to one provider (a flow package runs its own with `runAgentTask`). Each call is meant to run inside one activity. */
export interface Agents {
  /** Flow, intent, urgency, language, sentiment and confidence of a thread's first message. */
  classifyThread(input: ClassifyThreadInput, options?: AgentCallOptions): Promise<AgentResult<ClassifyThreadOutput>>;
  /** A bounded summary of a thread, to carry across continue-as-new. */
  summarizeThread(input: SummarizeThreadInput, options?: AgentCallOptions): Promise<AgentResult<SummarizeThreadOutput>>;
}

/**
 * Binds the agent tasks to a provider.
 *
 * @example
 * const agents = createAgents(providerFromEnv(process.env));
 * const { output, usage } = await agents.classifyThread({ subject, text, from, receivedAt });
 * if (output.flow === 'procurement' && output.intent === 'purchase-request') { ... }
 */
export function createAgents(provider: AgentProvider): Agents {
  return {
    classifyThread: (input, options) => runAgentTask(provider, classifyThreadTask, input, options),
    summarizeThread: (input, options) => runAgentTask(provider, summarizeThreadTask, input, options),
  };
}
