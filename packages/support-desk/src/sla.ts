import type { Urgency } from './types';

/** First-response targets, in minutes, per urgency. */
export interface SlaPolicy {
  firstResponseMinutes: Record<Urgency, number>;
}

/** 1 hour for high, 4 hours for normal, 24 hours for low urgency. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponseMinutes: { high: 60, normal: 240, low: 1440 },
};

/**
 * When the first response is due: `receivedAt` plus the urgency's target, around the clock
 * (no business hours or holidays). Pure date math, safe in workflow code; returns an ISO timestamp.
 * @throws {RangeError} for an unparseable `receivedAt` or a negative or non-finite target.
 * @example
 * slaDeadline('2026-11-25T10:00:00Z', 'high', DEFAULT_SLA_POLICY); // '2026-11-25T11:00:00.000Z'
 */
export function slaDeadline(receivedAt: string | Date, urgency: Urgency, policy: SlaPolicy = DEFAULT_SLA_POLICY): string {
  const start = new Date(receivedAt).getTime();
  if (Number.isNaN(start)) throw new RangeError(`receivedAt is not a date: ${String(receivedAt)}`);
  const minutes = policy.firstResponseMinutes[urgency];
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`no valid first-response target for urgency "${urgency}"`);
  }
  return new Date(start + minutes * 60_000).toISOString();
}
