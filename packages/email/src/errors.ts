import type { PayloadIssue } from '@org/orchestrator-contracts';
import { OrchestratorError } from '@org/orchestrator-contracts';

/**
 * Why a raw message could not become a thread message:
 * - `not-an-email`: no header section at all (empty input, binary data, plain prose);
 * - `malformed-mime`: the MIME structure is broken beyond recovery (mailparser gave up, or a
 *   multipart message has no boundary or one that never occurs, so its parts are lost);
 * - `missing-from`: no `From` mailbox;
 * - `invalid-from`: a `From` address that is not a valid email address;
 * - `invalid-message`: the result still fails the contracts schema (listed in `issues`).
 */
export type EmailParseReason = 'not-an-email' | 'malformed-mime' | 'missing-from' | 'invalid-from' | 'invalid-message';

/**
 * A raw message could not be turned into an `EmailMessageInput`. Check `reason` rather than
 * the message text; `issues` lists schema problems for `invalid-message`.
 */
export class EmailParseError extends OrchestratorError {
  override readonly name = 'EmailParseError';

  constructor(
    readonly reason: EmailParseReason,
    message: string,
    readonly issues: readonly PayloadIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super('EmailParseFailed', message, options);
  }
}
