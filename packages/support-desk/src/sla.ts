import type { SlaPolicy } from '@org/orchestrator-contracts';
import { DEFAULT_SLA_POLICY } from '@org/orchestrator-contracts';
import type { Urgency } from './types';

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
