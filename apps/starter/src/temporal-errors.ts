import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { RefusedError } from './errors';

// gRPC status codes the CLI explains (see @grpc/grpc-js `status`).
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * Whether `error` (or one of its causes) says Temporal could not be reached. The client wraps
 * gRPC errors in `ServiceError`s, so the status code may sit a few `cause`s deep.
 */
export function isTemporalUnavailable(error: unknown): boolean {
  return hasGrpcCode(error, GRPC_UNAVAILABLE);
}

/** Whether `error` (or one of its causes) is a gRPC deadline, as when no worker answers a query. */
export function isDeadlineExceeded(error: unknown): boolean {
  return hasGrpcCode(error, GRPC_DEADLINE_EXCEEDED);
}

/** Whether `error` says the thread's workflow has already completed (signals and updates are refused). */
export function isAlreadyCompleted(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError && /already completed/i.test(error.message);
}

/**
 * The refusal an update call ended in, or `undefined` for any other error: the workflow's
 * validator refused it (`WorkflowUpdateFailedError`, whose `cause` is an `ApplicationFailure`
 * with a `type` such as `UnknownApprover` and a message fit to show), or the thread has
 * already completed.
 */
export function updateRefusal(error: unknown, threadId: string): RefusedError | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    const type = cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
    return new RefusedError(cause?.message || error.message, type, { cause: error });
  }
  if (isAlreadyCompleted(error)) {
    return new RefusedError(`thread ${threadId} has already completed`, 'ThreadCompleted', { cause: error });
  }
  return undefined;
}

function hasGrpcCode(error: unknown, code: number): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === code) return true;
    current = current.cause;
  }
  return false;
}
