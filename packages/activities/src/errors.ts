import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import type { PayloadIssue } from '@org/orchestrator-contracts';
import { payloadIssues } from '@org/orchestrator-contracts';

/** Error type name of invalid activity input; workflows list it as non-retryable. */
export const INVALID_ACTIVITY_INPUT = 'InvalidActivityInput';

/** Invalid input never gets better by retrying: fail at once, naming the fields. */
export function invalidInput(activity: string, issues: readonly PayloadIssue[]): ApplicationFailure {
  const detail = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  return ApplicationFailure.create({
    type: INVALID_ACTIVITY_INPUT,
    message: `${activity}: invalid input: ${detail}`,
    nonRetryable: true,
    details: [issues],
  });
}

/** Parses activity input with its schema, or fails at once naming every invalid field. */
export function parseInput<T>(activity: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(activity, payloadIssues(result.error.issues));
}
