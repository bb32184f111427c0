/**
 * Email handling for Agent Orchestrator: raw MIME in, contract-valid thread messages out.
 *
 * @example
 * import { parseRawEmail } from '@org/orchestrator-email';
 *
 * const message = await parseRawEmail(await readFile('purchase-request.eml'));
 * // message.threadId is the thread's root Message-ID; deliver it with deliverEmail(...)
 *
 * @module
 */
export { attachmentRef } from './attachments';
export type { AttachmentSource } from './attachments';
export { EmailParseError } from './errors';
export type { EmailParseReason } from './errors';
export {
  SYNTHETIC_MESSAGE_ID_DOMAIN,
  deriveThreadId,
  normalizeMessageId,
  parseMessageIdList,
  syntheticMessageId,
} from './message-id';
export type { SyntheticIdParts, ThreadHeaders } from './message-id';
export { parseRawEmail } from './parse-raw-email';
export type { ParseRawEmailOptions } from './parse-raw-email';
