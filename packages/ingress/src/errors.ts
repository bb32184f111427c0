import { EnvVariableError, OrchestratorError } from '@org/orchestrator-contracts';
/**
 * The message could not be handed to Temporal right now (server unreachable, RPC deadline, blob
 * store unavailable). Nothing was lost: the SMTP ingress answers 451 so the sender retries, and
 * the IMAP poller leaves the message unmarked so the next pass retries it.
 */
export class TransientDeliveryError extends OrchestratorError {
  override readonly name = 'TransientDeliveryError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('TransientDelivery', message, options);
  }
}

/** An unusable ingress setting; names the variable or option: the one configuration error, `EnvVariableError`. */
export const IngressConfigError = EnvVariableError;
export type IngressConfigError = EnvVariableError;
