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

function hasGrpcCode(error: unknown, code: number): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === code) return true;
    current = current.cause;
  }
  return false;
}
