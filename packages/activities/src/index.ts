/**
 * Activity implementations of Agent Orchestrator. Activities do all real work (storage, email,
 * agents; the flows' own in their packages); they are built from injected
 * dependencies by {@link createActivities}. The flows' policy comes from {@link flowConfigFromEnv}.
 *
 * @example
 * import { createActivities, openSqliteStore } from '@org/orchestrator-activities';
 * const activities = createActivities({ store: openSqliteStore('.data/orchestrator.sqlite'), outbound: await outboundFromEnv() });
 * await Worker.create({ activities, taskQueue, workflowBundle, connection });
 *
 * @module
 */
export { createActivities } from './create-activities';
export type { ActivityDependencies, NotifyEscalationInput, OrchestratorActivities, RecordHandledInput, SendReplyInput } from './create-activities';
export { AGENT_HEARTBEAT_MS, NON_RETRYABLE_AGENT_ERRORS, agentActivity, createAgentActivities } from './agent-activities';
export type { AgentActivityResult, ClassifyThreadInput, ThreadClassification } from './agent-activities';
export { REPLY_KINDS, composeReplyText } from './reply-text';
export type { ReplyKind } from './reply-text';
export {
  DEFAULT_OUTBOX_DATABASE,
  DEFAULT_OUTBOX_DIR,
  DEFAULT_OUTBOX_LEASE_MS,
  OUTBOX_BUSY,
  OUTBOX_CONFLICT,
  OUTBOUND_ENV,
  OUTBOX_LEDGER_APPLICATION_NAME,
  OutboxInputError,
  createOutboundActivities,
  openOutboxLedger,
  openPostgresOutboxLedger,
  openSqliteOutboxLedger,
  outboundFingerprint,
  outboundFromEnv,
} from './outbound';
export type {
  OutboundActivities,
  OutboundDependencies,
  OutboundFromEnv,
  OutboxClaim,
  OutboxClaimOptions,
  OutboxClaimRequest,
  OutboxEntry,
  OutboxLease,
  OutboxLedger,
  OutboxStatus,
  PostgresOutboxLedgerOptions,
  SendEmailResult,
} from './outbound';
export {
  DEFAULT_COMMON_FLOW_CONFIG,
  DEFAULT_TRUST_CONFIG,
  FlowConfigError,
  FLOW_ENV,
  FLOW_ENV_SCHEMAS,
  defined,
  durationVariable,
  envDefault,
  envMailboxSchema,
  flowConfig,
  flowConfigFromEnv,
  flowMailboxFromEnv,
  flowMailboxVariable,
  mailboxFor,
  parseDuration,
  parseMailbox,
  remindBeforeEscalating,
  withPatch,
  REQUESTER_ATTRIBUTE_MODES,
  SEARCH_ATTRIBUTE_ENV,
  approverPolicyFromEnv,
  approverPolicyVariables,
  checkedApproverPolicy,
  flowStoreFile,
} from './flows';
export type {
  ApproverPolicyVariables,
  CommonFlowConfig,
  CommonMailboxes,
  CommonTrustConfig,
  FlowConfig,
  FlowConfigBuilder,
  FlowConfigOverrideParts,
  FlowConfigOverrides,
  FlowConfigParts,
  FlowConfigPatch,
  FlowEnvSettings,
  FlowPeople,
  FlowMailboxes,
  RequesterAttributeMode,
  TrustConfig,
  TrustConfigOverrides,
  FlowAgentRules,
  FlowDatabase,
  FlowModule,
  FlowModuleDependencies,
  FlowRoute,
  FlowSeedReport,
  FlowShares,
  FlowStore,
  OpenedFlowModule,
} from './flows';
export {
  DEV_ID_SECRET_FILE,
  ID_SECRET_ENV,
  ID_SECRET_MIN_BYTES,
  ID_SECRET_VARIABLE,
  IdSecretError,
  createIdActivities,
  idSecretSourceFromEnv,
  isDevelopment,
  loadIdSecret,
  requesterAttributeKey,
  requesterAttributeValue,
} from './ids';
export type { IdSecretErrorCode, IdSecretSource, ThreadIdKey, ThreadIdKeyInput } from './ids';
export { ACTIVITY_NOT_CONFIGURED, INVALID_ACTIVITY_INPUT, nonRetryable, parseInput, requireDependency } from './errors';
export { DECISION_LINK_ENV, createDecisionLinkActivities, inboxLinksFromEnv } from './decision-links';
export type { DecisionLinksInput, InboxLinkSettings } from './decision-links';
export { openSqliteStore } from './store/sqlite-store';
export { ORCHESTRATOR_STORE_APPLICATION_NAME, openPostgresStore } from './store/postgres-store';
export type { PostgresOrchestratorStore } from './store/postgres-store';
export { ORCHESTRATOR_SCHEMA } from './store/orchestrator-schema';
export { HANDLED_PAGE_MAX, openHandledLedgerReader } from './store/handled-ledger';
export type { HandledLedgerReader } from './store/handled-ledger';
export type { AutoReplyClaim, HandledListing, HandledPage, HandledRecord, HandledRow, OrchestratorStore } from './store/orchestrator-store';
export { FIND_HANDLED_MAX_IDS, STASH_NOT_FOUND, createThreadActivities } from './thread/thread-activities';
export type { FindHandledMessagesInput, LoadStashedMessagesInput, StashMessagesInput } from './thread/thread-activities';
