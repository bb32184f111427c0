import { patched } from '@temporalio/workflow';

/**
 * Every patch below, recorded as one marker. A thread that starts on this code records this marker
 * once instead of one per patch (each patch marker also upserts `TemporalChangeVersion`: two history
 * events per patch, a dozen per new thread). Histories without it (threads started before) replay
 * each patch as they recorded it; a thread that was running when this code came records it where it
 * first asks, and every covered patch is in effect from there, as each would be on its own.
 */
export const CURRENT_CODE_PATCH = 'thread-code-2026-11';

/**
 * The patches {@link CURRENT_CODE_PATCH} stands for. Never add one: a thread that recorded the marker
 * before a new patch existed must not take the new patch's branch on replay. A new patch is asked
 * with `patched()` itself (or joins a new marker of its own that lists it).
 */
const COVERED_PATCHES: ReadonlySet<string> = new Set([
  'business-flows',
  'unguessable-ids',
  'automated-mail',
  'bounded-state',
  'escalate-failed-steps',
  'support-sender-policy',
  'auto-reply-limits',
  'procurement-sender-policy',
  'requester-clarification-limit',
  'resumable-information',
  'resumable-quotes',
  'rfq-supplier-policy',
  'inline-short-steps',
]);

/** `patched(patchId)`, answered by {@link CURRENT_CODE_PATCH} for the patches it covers. */
export function isPatched(patchId: string): boolean {
  if (!COVERED_PATCHES.has(patchId)) return patched(patchId);
  return patched(CURRENT_CODE_PATCH) || patched(patchId);
}
