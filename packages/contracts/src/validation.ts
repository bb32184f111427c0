import type { z } from 'zod';
import type { EmailMessage } from './email';
import { emailMessageSchema } from './email';
import type { PayloadIssue } from './errors';
import { InvalidPayloadError } from './errors';
import type { CompleteThreadRequest } from './thread';
import { completeThreadRequestSchema } from './thread';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: PayloadIssue[] };

/** Schema issues (zod's) as {@link PayloadIssue}s: dotted field path and message. */
export function payloadIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): PayloadIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function validator<T>(schema: z.ZodType<T>) {
  return (input: unknown): ValidationResult<T> => {
    const result = schema.safeParse(input);
    return result.success ? { ok: true, value: result.data } : { ok: false, issues: payloadIssues(result.error.issues) };
  };
}

/** Validates an email payload without throwing. Safe to call inside workflow code. */
export const validateEmailMessage = validator<EmailMessage>(emailMessageSchema);

/** Validates a `COMPLETE_THREAD` payload without throwing. */
export const validateCompleteThreadRequest = validator<CompleteThreadRequest>(completeThreadRequestSchema);

/**
 * Parses an email payload, applying defaults.
 * @throws {InvalidPayloadError} naming every invalid field.
 * @example
 * const message = parseEmailMessage(JSON.parse(body));
 */
export function parseEmailMessage(input: unknown): EmailMessage {
  const result = validateEmailMessage(input);
  if (!result.ok) throw new InvalidPayloadError('email message', result.issues);
  return result.value;
}
