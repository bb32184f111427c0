import { z } from 'zod';
import type { AgentEmail, AgentTask } from '../task';
import { systemPrompt, wrapEmail } from './prompt';

/** Input of {@link summarizeThreadTask}: the thread's messages, oldest first. */
export interface SummarizeThreadInput {
  messages: AgentEmail[];
  /** Upper bound for `summary` in characters (default 800). */
  maxChars?: number;
}

/** Default bound of a summary, small enough to carry across continue-as-new. */
export const DEFAULT_SUMMARY_MAX_CHARS = 800;

export const summarizeThreadOutputSchema = z.object({
  summary: z.string().min(1),
  /** Sender addresses (or names) in order of first appearance. */
  participants: z.array(z.string()),
  /** Amounts, dates, quantities and references worth keeping, e.g. `EUR 12,500.00`. */
  keyFacts: z.array(z.string()),
  messageCount: z.number().int().nonnegative(),
});

/** Output of {@link summarizeThreadTask}. */
export type SummarizeThreadOutput = z.infer<typeof summarizeThreadOutputSchema>;

/** Summarises a long thread so a workflow can carry a small state across continue-as-new. */
export const summarizeThreadTask: AgentTask<SummarizeThreadInput, SummarizeThreadOutput> = {
  name: 'summarize_thread',
  schema: summarizeThreadOutputSchema,
  prompt: (input) => ({
    system: systemPrompt(
      'Task: summarise an email thread for the record, neutrally and in English.',
      `summary: at most ${input.maxChars ?? DEFAULT_SUMMARY_MAX_CHARS} characters: who wants what, what was agreed, what is open.`,
      'participants: sender addresses in order of first appearance. keyFacts: amounts, dates, quantities, order or reference numbers.',
      'messageCount: the number of messages.',
    ),
    user: input.messages.map((m, i) => wrapEmail(m, 'untrusted-email').replace('From: ', `Message ${i + 1} of ${input.messages.length}\nFrom: `)).join('\n\n'),
  }),
};
