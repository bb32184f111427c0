import { OrchestratorError } from './orchestrator-error';

/** One problem found in a payload: where (`path`, e.g. `from.address`) and what. */
export interface PayloadIssue {
  path: string;
  message: string;
}

/**
 * A payload failed its schema. `issues` names every offending field; `message` lists them.
 * Thrown by {@link parseEmailMessage} and by the client helpers before anything is sent.
 */
export class InvalidPayloadError extends OrchestratorError {
  override readonly name: string = 'InvalidPayloadError';

  constructor(
    readonly payloadType: string,
    readonly issues: readonly PayloadIssue[],
    code = 'InvalidPayload',
  ) {
    super(code, `Invalid ${payloadType}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }

  /** The dotted paths of the offending fields, e.g. `['from.address', 'receivedAt']`. */
  get fields(): string[] {
    return this.issues.map((i) => i.path);
  }
}

/**
 * A payload is valid but too big to send as one Temporal payload: its serialized JSON is `bytes`
 * long, over `maxBytes`. Thrown by the client helpers before anything is sent; resending the same
 * payload cannot succeed. An {@link InvalidPayloadError}, so callers that refuse invalid payloads
 * refuse this one too.
 */
export class PayloadTooLargeError extends InvalidPayloadError {
  override readonly name = 'PayloadTooLargeError';

  constructor(
    payloadType: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(payloadType, [{ path: '', message: `serialized to ${bytes} bytes, over the limit of ${maxBytes} bytes` }], 'PayloadTooLarge');
  }
}
