/**
 * Activity implementations of Agent Orchestrator. Activities do all real work (storage, email,
 * agents); they are built from injected dependencies by {@link createActivities}.
 *
 * @example
 * import { createActivities, openSqliteStore } from '@org/orchestrator-activities';
 * const activities = createActivities({ store: openSqliteStore('.data/orchestrator.sqlite') });
 * await Worker.create({ activities, taskQueue, workflowBundle, connection });
 *
 * @module
 */
export { createActivities } from './create-activities';
export type {
  ActivityDependencies,
  ClassifyThreadInput,
  OrchestratorActivities,
  RecordHandledInput,
  SendReplyInput,
  SendReplyResult,
} from './create-activities';
export { classifyFlow } from './classify-flow';
export type { FlowClassification } from './classify-flow';
export { REPLY_KINDS, composeReplyText, replySubject } from './compose-reply';
export type { ReplyKind } from './compose-reply';
export { INVALID_ACTIVITY_INPUT } from './errors';
export { openSqliteStore } from './store/sqlite-store';
export type { HandledRecord, HandledRow, OrchestratorStore, OutboundEmail, OutboundRow } from './store/orchestrator-store';
