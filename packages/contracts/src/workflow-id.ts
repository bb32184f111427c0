import { firstControlCharacter } from './control-characters';
import { sha256Hex, wtf8Bytes } from './sha256';

const PREFIX = 'email-thread:';
const HASHED_PREFIX = 'sha256:';
const HASHED_KEY = /^sha256:[0-9a-f]{64}$/;

/**
 * Longest workflow id, in UTF-8 bytes, that Temporal accepts by default (`limit.maxIDLength`,
 * checked on bytes: longer ids are refused with `INVALID_ARGUMENT`).
 */
export const MAX_WORKFLOW_ID_BYTES = 1000;

/**
 * The workflow id of a thread: one execution chain per thread, so signal-with-start on the same
 * thread id always reaches the same workflow. Deterministic and workflow-safe.
 *
 * The id is `email-thread:<thread id>` (the thread id trimmed), unless that could not work as a
 * Temporal workflow id: longer than {@link MAX_WORKFLOW_ID_BYTES} UTF-8 bytes, or holding a control
 * character, whitespace or a lone surrogate (invalid UTF-8, refused by the server). Such a thread
 * gets `email-thread:sha256:<hex>`, the SHA-256 of the thread id's UTF-8 bytes. Every id that
 * worked before keeps its form, so existing threads are still found; the readable thread id stays
 * in the workflow's input and state (and in its memo, `threadId`, when hashed).
 *
 * A plain thread id that itself reads `sha256:<64 hex>` shares the hashed form's key space; the
 * ingress never produces one (its thread ids are Message-IDs, `<…>`).
 * @throws {TypeError} when `threadId` is empty.
 * @example
 * threadWorkflowId('<CAF1x@mail.example.com>') // 'email-thread:<CAF1x@mail.example.com>'
 * threadWorkflowId(`<${'x'.repeat(990)}@example.com>`) // 'email-thread:sha256:5c0b…'
 */
export function threadWorkflowId(threadId: string): string {
  const trimmed = threadId.trim();
  if (!trimmed) throw new TypeError('threadId must not be empty');
  const bytes = wtf8Bytes(trimmed);
  return usableAsIs(trimmed, bytes.length) ? `${PREFIX}${trimmed}` : `${PREFIX}${HASHED_PREFIX}${sha256Hex(bytes)}`;
}

/** Whether `email-thread:<id>` is a workflow id Temporal takes, and one fit to show and type. */
function usableAsIs(id: string, utf8Length: number): boolean {
  return PREFIX.length + utf8Length <= MAX_WORKFLOW_ID_BYTES && !/\s/.test(id) && firstControlCharacter(id) === undefined && !hasLoneSurrogate(id);
}

function hasLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = value.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

/** Whether `workflowId` is a thread's workflow id (plain or hashed). */
export function isThreadWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(PREFIX) && workflowId.length > PREFIX.length;
}

/** Whether `workflowId` is the hashed form, `email-thread:sha256:<hex>`, whose thread id cannot be read back. */
export function isHashedThreadWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(PREFIX) && HASHED_KEY.test(workflowId.slice(PREFIX.length));
}

/**
 * The thread id of a thread workflow id; `undefined` for any other workflow id and for the hashed
 * form (`email-thread:sha256:<hex>`), which cannot be reversed: read its thread id from the
 * workflow's memo (`threadId`) or state.
 * @example threadIdFromWorkflowId('email-thread:<CAF1x@mail.example.com>') // '<CAF1x@mail.example.com>'
 */
export function threadIdFromWorkflowId(workflowId: string): string | undefined {
  if (!isThreadWorkflowId(workflowId) || isHashedThreadWorkflowId(workflowId)) return undefined;
  return workflowId.slice(PREFIX.length);
}
