/** One problem found in a payload: where (`path`, e.g. `from.address`) and what. */
export interface PayloadIssue {
  path: string;
  message: string;
}

/**
 * A payload failed its schema. `issues` names every offending field; `message` lists them.
 * Thrown by {@link parseEmailMessage} and by the client helpers before anything is sent.
 */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';

  constructor(
    readonly payloadType: string,
    readonly issues: readonly PayloadIssue[],
  ) {
    super(`Invalid ${payloadType}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }

  /** The dotted paths of the offending fields, e.g. `['from.address', 'receivedAt']`. */
  get fields(): string[] {
    return this.issues.map((i) => i.path);
  }
}
