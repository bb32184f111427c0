import type { PayloadIssue } from '@org/orchestrator-contracts';
import { OrchestratorError, payloadIssues } from '@org/orchestrator-contracts';

/** One schema violation in a model's output: where and what (a payload issue like any other). */
export type AgentOutputIssue = PayloadIssue;

/** Error name and code of {@link AgentOutputInvalidError}; activities map it to a non-retryable failure type. */
export const AGENT_OUTPUT_INVALID = 'AgentOutputInvalid';
/** Error name of {@link AgentUnavailableError}; retryable. */
export const AGENT_UNAVAILABLE = 'AgentUnavailable';

/**
 * The provider answered, but its output still failed the task's schema after every validation retry.
 * Retrying the activity would not help: callers should fail non-retryably and let the flow escalate.
 */
export class AgentOutputInvalidError extends OrchestratorError {
  override readonly name = AGENT_OUTPUT_INVALID;

  constructor(
    readonly task: string,
    readonly issues: readonly AgentOutputIssue[],
    /** The last raw output (string as received, for diagnosis), or `undefined` if none. */
    readonly lastOutput: string | undefined,
    readonly attempts: number,
  ) {
    super(
      AGENT_OUTPUT_INVALID,
      `Agent task ${task}: output invalid after ${attempts} attempt(s): ` + issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '),
    );
  }
}

/**
 * The provider could not be reached or refused for now (connection error, timeout, HTTP 429 or 5xx),
 * after the SDK's own retries. Retryable: the activity's retry policy takes it from here.
 */
export class AgentUnavailableError extends OrchestratorError {
  override readonly name = AGENT_UNAVAILABLE;

  constructor(
    readonly task: string,
    message: string,
    /** HTTP status, when there was a response. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(AGENT_UNAVAILABLE, `Agent task ${task}: provider unavailable: ${message}`, options);
  }
}

/** Turns zod issues into plain path/message pairs. */
export function toOutputIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AgentOutputIssue[] {
  return payloadIssues(issues);
}

/** Error name of {@link AgentRequestRejectedError}; non-retryable. */
export const AGENT_REQUEST_REJECTED = 'AgentRequestRejected';

/**
 * The provider rejected the request itself (HTTP 400, 401, 403, 404, 422: bad key, unknown model,
 * unsupported parameter). Retrying cannot help until the configuration changes: non-retryable.
 */
export class AgentRequestRejectedError extends OrchestratorError {
  override readonly name = AGENT_REQUEST_REJECTED;

  constructor(
    readonly task: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(AGENT_REQUEST_REJECTED, `Agent task ${task}: request rejected: ${message}`, options);
  }
}
