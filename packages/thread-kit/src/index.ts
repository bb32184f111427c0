/**
 * The thread kit: what a flow and the thread core share, all workflow-safe. A flow package imports
 * its `FlowContext`, the activity proxies, the shared approval, the trust rules, the patches and the
 * `ThreadBook` (for child threads) from here; the thread workflow (`@org/orchestrator-workflows`)
 * imports the flows.
 *
 * @module
 */
export type { FlowContext, FlowOutcome, FlowStateSchema, ThreadFlow, ThreadHandlerContext } from './flow/thread-flow';
export { GREETING, REPLY_LANGUAGES, replyLanguage, threadLanguage } from './flow/language';
export type { Localized, ReplyLanguage } from './flow/language';
export { agentEmail, excerpt, money, senderOf } from './flow/shared';
export {
  INLINE_STEPS_PATCH,
  LEDGER_AS_ACTIVITY_PATCH,
  agentStepsFor,
  agentsFor,
  claimAutoReplySlot,
  classifyThread,
  decisionLinks,
  findHandledMessages,
  inlineDocumentStepsFor,
  inlineSteps,
  loadFlowConfig,
  mailStepsFor,
  loadStashedMessages,
  notifyEscalation,
  recordHandledMessage,
  sendEmail,
  sendReply,
  sendTextReply,
  shortStepsFor,
  stashMessages,
  summarizeThread,
  threadIdKey,
} from './activities';
export type { MailSteps } from './activities';
export { CURRENT_CODE_PATCH, isPatched, markCurrentCode } from './patches';
export { nowIso } from './now';
export { UNGUESSABLE_IDS_PATCH, keyedMessageId, legacyOutboundMessageId } from './stable-id';
export { requesterAttribute, upsertThreadAttributes } from './search-attributes';
export type { ThreadAttributeSettings, ThreadSearchAttributes } from './search-attributes';
export {
  DECISION_LINKS_PATCH,
  DECISION_VIA_PATCH,
  approvalDecision,
  awaitApproval,
  decisionLinkText,
  decisionLinksFor,
  setApprovalHandlers,
} from './approval/approval';
export type { ApprovalNotice, ApprovalNotify, ApprovalRequest, ApprovalSlot, ApprovalWait, DecisionLinks } from './approval/approval';
export {
  APPROVAL_POLICIES_PATCH,
  approvedBy,
  awaitedApprovers,
  awaitedNow,
  policyFields,
  policyText,
  recordPolicyDecision,
  refuseSecondDecision,
} from './approval/approval-policy';
export type { PolicyRequest } from './approval/approval-policy';
export { addressAllowed, automatedAction, automatedRefusal, domainOf, requesterVerdict, supplierRefusal } from './trust/sender-policy';
export type { AllowedSenders } from './trust/sender-policy';
export type { SenderRefusal } from './trust/sender-policy';
export { ThreadBook } from './thread-book/thread-book';
export type { AcceptResult, FrontWork, ThreadBookOptions } from './thread-book/thread-book';
export { setBookHandlers } from './thread-book/book-handlers';
export { boundedRejection, messageIdOf, recordOf } from './thread-book/book-records';
export { PendingQueue, pendingEntry, queuedMessage } from './thread-book/pending-queue';
export type { PendingEntry } from './thread-book/pending-queue';
export { MessageCounters, RecentIds, RecentRecords, THREAD_BOUNDS, jsonBytes, utf8Bytes } from './thread-book/windows';
export type { WindowLimit } from './thread-book/windows';
