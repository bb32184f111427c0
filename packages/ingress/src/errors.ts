import { EnvVariableError } from '@org/orchestrator-contracts';
/**
 * The message could not be handed to Temporal right now (server unreachable, RPC deadline, blob
 * store unavailable). Nothing was lost: the SMTP ingress answers 451 so the sender retries, and
 * the IMAP poller leaves the message unmarked so the next pass retries it.
 */
export class TransientDeliveryError extends Error {
  override readonly name = 'TransientDeliveryError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An unusable ingress setting; names the variable or option. */
export class IngressConfigError extends EnvVariableError {
  override readonly name = 'IngressConfigError';
}
