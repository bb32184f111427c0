import { InvalidPayloadError, PayloadTooLargeError } from '@org/orchestrator-contracts';

/** Why a message can never be delivered as it is; the quarantine code. */
export type PermanentFailureCode =
  /** The parsed message fails the contracts schema (e.g. a control character in an id). */
  | 'invalid-message'
  /** Too big for one Temporal payload, even with its bodies in the blob store. */
  | 'payload-too-large'
  /** Temporal refused the workflow id: longer than its (lowered) `limit.maxIDLength`, or than SQL persistence keeps. */
  | 'workflow-id-too-long'
  /** A string Temporal refused as invalid UTF-8. */
  | 'invalid-encoding'
  /** Any other `INVALID_ARGUMENT` / `OUT_OF_RANGE` from Temporal: the same request fails the same way. */
  | 'rejected-by-temporal'
  /** Fitting the message into the signal budget failed on it (not the blob store): a bug that these bytes trigger. */
  | 'fit-failed';

/**
 * A failed delivery, classified: `permanent` failures cannot succeed on retry (the message is
 * quarantined and refused, 554 / flagged), the others are transient (451 / retry). `reason` is
 * fit for the sender (it goes into the SMTP reply); details stay in the log.
 */
export type DeliveryFailure = { permanent: true; code: PermanentFailureCode; reason: string } | { permanent: false; reason: string };

// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const OUT_OF_RANGE = 11;
const INTERNAL = 13;
const UNAVAILABLE = 14;

/** What a gRPC error from `@grpc/grpc-js` carries (the `cause` of the client's `ServiceError`). */
interface GrpcStatusError {
  code: number;
  details: string;
}

function isGrpcStatusError(error: unknown): error is GrpcStatusError {
  const candidate = error as Partial<GrpcStatusError> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.code === 'number' && typeof candidate.details === 'string';
}

/** The error and its causes, outermost first (bounded, in case of a cycle). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

/**
 * Classifies an error of `deliverEmail` (or of preparing its payload):
 *
 * | error | class | code |
 * |---|---|---|
 * | `PayloadTooLargeError` (the client's size check) | permanent | `payload-too-large` |
 * | `InvalidPayloadError` (schema) | permanent | `invalid-message` |
 * | `INVALID_ARGUMENT` "WorkflowId exceeds …" | permanent | `workflow-id-too-long` |
 * | `INVALID_ARGUMENT` "Blob data size exceeds limit" | permanent | `payload-too-large` |
 * | other `INVALID_ARGUMENT`, `OUT_OF_RANGE` | permanent | `rejected-by-temporal` |
 * | `RESOURCE_EXHAUSTED` "received message larger than max" (gRPC's 4 MiB) | permanent | `payload-too-large` |
 * | `INTERNAL` "… invalid UTF-8" | permanent | `invalid-encoding` |
 * | `UNAVAILABLE`/`INTERNAL` "value too long for type character varying" (PostgreSQL), "Data too long for column" (MySQL) | permanent | `workflow-id-too-long` |
 * | `UNAVAILABLE`, `DEADLINE_EXCEEDED`, `CANCELLED`, `ABORTED`, other `RESOURCE_EXHAUSTED` (rate limits), `NOT_FOUND` / `PERMISSION_DENIED` / `UNAUTHENTICATED` (settings an operator fixes), `UNKNOWN`, other `INTERNAL`, anything else | transient | – |
 */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  for (const cause of causes(error)) {
    if (cause instanceof PayloadTooLargeError) {
      return permanent('payload-too-large', `the message is too large to deliver (${cause.bytes} bytes, the limit is ${cause.maxBytes})`);
    }
    if (cause instanceof InvalidPayloadError) return permanent('invalid-message', cause.message);
    if (isGrpcStatusError(cause)) return classifyGrpcStatus(cause);
  }
  return { permanent: false, reason: error instanceof Error ? error.message : String(error) };
}

function classifyGrpcStatus({ code, details }: GrpcStatusError): DeliveryFailure {
  const said = details.slice(0, 200);
  if (code === INVALID_ARGUMENT) {
    if (/workflow ?id/i.test(details) && /length|too long/i.test(details)) {
      return permanent('workflow-id-too-long', `Temporal refused the thread's workflow id: ${said}`);
    }
    if (/blob data size exceeds limit|size exceeds/i.test(details)) return permanent('payload-too-large', `Temporal refused the message as too large: ${said}`);
    return permanent('rejected-by-temporal', `Temporal refused the message: ${said}`);
  }
  if (code === OUT_OF_RANGE) return permanent('rejected-by-temporal', `Temporal refused the message: ${said}`);
  if (code === RESOURCE_EXHAUSTED && /message larger than max/i.test(details)) {
    return permanent('payload-too-large', 'the message is too large for one Temporal request');
  }
  if ((code === INTERNAL || code === UNAVAILABLE) && /value too long for type character varying|data too long for column/i.test(details)) {
    // SQL persistence keeps workflow ids up to 255 characters whatever limit.maxIDLength says (temporalio/temporal#2122).
    return permanent('workflow-id-too-long', "Temporal's database cannot store the thread's workflow id (too long)");
  }
  if (code === INTERNAL && /invalid UTF-8/i.test(details)) return permanent('invalid-encoding', `Temporal refused the message: ${said}`);
  return { permanent: false, reason: `Temporal: ${said}` };
}

function permanent(code: PermanentFailureCode, reason: string): DeliveryFailure {
  return { permanent: true, code, reason };
}
