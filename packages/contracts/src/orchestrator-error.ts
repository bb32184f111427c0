/**
 * The base of the errors the orchestrator's packages throw on purpose. `code` is stable and
 * machine-readable: match on it (or on the class), never on the message. Where an error becomes an
 * activity's `ApplicationFailure`, its code is the failure's `type`.
 *
 * @example
 * try { parseEmailMessage(raw); } catch (error) {
 *   if (error instanceof OrchestratorError && error.code === 'InvalidPayload') reject(error.message);
 * }
 */
export class OrchestratorError extends Error {
  override readonly name: string = 'OrchestratorError';

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
