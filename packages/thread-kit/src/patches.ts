import { patched } from '@temporalio/workflow';

/**
 * Code markers: each stands for a set of patches, recorded as one marker. A thread that starts on
 * this code records the newest marker once, in its first workflow task, instead of one marker per
 * patch (each patch marker also upserts `TemporalChangeVersion`: two history events per patch, a
 * dozen per new thread).
 *
 * Recording it first matters beyond size: a patch asked for the first time after a local activity
 * is not replayable. A local activity's result may reach the workflow one task later than on replay
 * (which resolves it from its marker at once), so the code asks the patch before the task that
 * recorded its marker and gets `false` (measured: a burst thread failed every task with TMPRL1100
 * "patch marker encountered ... but there is no corresponding change command").
 *
 * Histories without a marker (threads started before) replay each patch as they recorded it; a thread
 * that was running when this code came records the newest marker where it first asks, and every
 * patch it covers is in effect from there, as each would be on its own.
 *
 * Never add a patch to a marker that has been released: a thread that recorded it before the patch
 * existed must not take the patch's branch on replay. A new patch gets a new marker listing every
 * patch the current code has, placed first.
 */
interface CodeMarker {
  id: string;
  covers: ReadonlySet<string>;
}

const NOVEMBER_PATCHES = [
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
];

const LATE_NOVEMBER_PATCHES = [...NOVEMBER_PATCHES, 'unsure-routing', 'decision-via', 'inbox-decision-links', 'ledger-as-activity'];

const NOVEMBER_28B_PATCHES = [...LATE_NOVEMBER_PATCHES, 'approval-policies'];

/** Newest first: a thread records the first, older histories answer with the one they recorded. */
const CODE_MARKERS: readonly CodeMarker[] = [
  { id: 'thread-code-2026-11-28c', covers: new Set([...NOVEMBER_28B_PATCHES, 'procurement-inline-steps', 'rfq-report-on-request']) },
  { id: 'thread-code-2026-11-28b', covers: new Set(NOVEMBER_28B_PATCHES) },
  { id: 'thread-code-2026-11-28', covers: new Set(LATE_NOVEMBER_PATCHES) },
  { id: 'thread-code-2026-11', covers: new Set(NOVEMBER_PATCHES) },
];

/** The marker new threads record. */
export const CURRENT_CODE_PATCH = (CODE_MARKERS[0] as CodeMarker).id;

/**
 * Records the current code's marker. Every workflow calls it first, in its first workflow task,
 * before any local activity can run.
 */
export function markCurrentCode(): void {
  patched(CURRENT_CODE_PATCH);
}

/** `patched(patchId)`, answered by the code markers for the patches they cover. */
export function isPatched(patchId: string): boolean {
  for (const marker of CODE_MARKERS) {
    if (marker.covers.has(patchId) && patched(marker.id)) return true;
  }
  return patched(patchId);
}
