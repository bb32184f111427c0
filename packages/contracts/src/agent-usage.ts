import { z } from 'zod';

/**
 * What one agent call cost, as the agents report it and the agent activities return it (plain
 * JSON). Summed per thread by the workflow ({@link AgentUsageTotals}).
 */
export const agentCallUsageSchema = z.object({
  /** Provider name, e.g. `rules` or `openai`. */
  provider: z.string(),
  /** Model that answered, e.g. `rules-v1` or `gpt-4o-mini`. */
  model: z.string(),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  /** Wall-clock time of the whole call, validation retries included. */
  latencyMs: z.number().nonnegative(),
  /** Model round trips made (1 + validation retries). Transport retries by the SDK are not counted. */
  attempts: z.number().int().nonnegative(),
});

/** Usage of one agent call (see {@link agentCallUsageSchema}). */
export type AgentCallUsage = z.infer<typeof agentCallUsageSchema>;
