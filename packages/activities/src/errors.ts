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

/** Error type of an activity whose dependency the worker was not given; workflows list it as non-retryable. */
export const ACTIVITY_NOT_CONFIGURED = 'ActivityNotConfigured';

/**
 * The dependency, or a non-retryable failure naming it: a worker started without it will not get
 * it by retrying, and the workflow should escalate instead of waiting out a retry policy.
 */
export function requireDependency<T>(activity: string, dependency: string, value: T | undefined): T {
  if (value !== undefined) return value;
  throw ApplicationFailure.create({
    type: ACTIVITY_NOT_CONFIGURED,
    message: `${activity}: the worker has no ${dependency} configured`,
    nonRetryable: true,
    details: [{ activity, dependency }],
  });
}

/** A store's typed refusal as a non-retryable failure of its `code` (no retry changes what is stored). */
export function nonRetryable(error: Error & { code: string }, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true, details: details === undefined ? [] : [details] });
}
