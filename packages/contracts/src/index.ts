/**
 * Contracts of Agent Orchestrator: everything a service needs to talk to a thread workflow,
 * and nothing that needs a worker. This entry is workflow-safe; client helpers live in
 * `@org/orchestrator-contracts/client`.
 *
 * @module
 */
export { DEFAULT_TASK_QUEUE, FLOW_NAMES, SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_TYPES, WORKFLOW_TYPES } from './names';
export type { FlowName, WorkflowTypeName } from './names';
export {
  EMAIL_LIMITS,
  EMAIL_TRIMMED_PARTS,
  attachmentRefSchema,
  blobRefSchema,
  emailAddressSchema,
  emailMessageSchema,
  emailTrimSchema,
  withoutControlCharacters,
} from './email';
export { normalizeAddress } from './email-address';
export { controlCharacterReason, firstControlCharacter } from './control-characters';
export type { ControlCharacterFound } from './control-characters';
export type { AttachmentRef, BlobRefPayload, EmailAddress, EmailMessage, EmailMessageInput, EmailTrim, EmailTrimmedPart } from './email';
export { AUTH_VERDICTS, AUTOMATED_MAIL_KINDS, automatedMail, automatedMailSchema, authenticatedSender, messageAuthenticationSchema } from './trust';
export type { AuthVerdict, AutomatedMail, AutomatedMailKind, MessageAuthentication, MessageAuthenticationInput } from './trust';
export { RESERVED_OUTBOUND_HEADERS, outboundEmailSchema } from './outbound';
export type { OutboundEmail, OutboundEmailInput } from './outbound';
export { HELD_FOR_RETRY_KEPT, OUTCOME_ACTIONS_COUNTED, REJECTED_KEPT, completeThreadRequestSchema } from './thread';
export { agentCallUsageSchema } from './agent-usage';
export type { AgentCallUsage } from './agent-usage';
export type {
  AgentUsageTotals,
  CarriedThreadState,
  CompleteThreadRequest,
  EmailThreadInput,
  EscalationStatus,
  FailedStep,
  MessageOutcome,
  MessageStatus,
  QueuedMessage,
  RejectedPayload,
  StashedMessages,
  SuspendedHandling,
  StepFailureMessages,
  ThreadEscalation,
  ThreadMessageCounts,
  ThreadMessageRecord,
  ThreadState,
  ThreadStatus,
  ThreadSummary,
} from './thread';
export { OrchestratorError } from './orchestrator-error';
export { InvalidPayloadError, PayloadTooLargeError } from './errors';
export { PAYLOAD_LIMITS, serializedPayloadBytes } from './payload-size';
export type { PayloadIssue } from './errors';
export { parseEmailMessage, payloadIssues, validateCompleteThreadRequest, validateEmailMessage } from './validation';
export type { ValidationResult } from './validation';
export {
  approvePurchaseUpdate,
  approveRefundUpdate,
  completeThreadSignal,
  newMessageSignal,
  rejectPurchaseUpdate,
  rejectRefundUpdate,
  retryFailedStepUpdate,
  submitAgentReplyUpdate,
  threadStateQuery,
} from './definitions';
export {
  APPROVAL_SUBJECTS,
  APPROVAL_REFUSALS,
  DECISION_CHANNELS,
  RETRY_REFUSALS,
  THREAD_CONTINUING_AS_NEW,
  agentReplyInputSchema,
  approvalDecisionInputSchema,
  approvalDecisionSchema,
  retryFailedStepInputSchema,
} from './decisions';
export type {
  AgentReplyInput,
  AgentReplyReceipt,
  ApprovalDecision,
  ApprovalDecisionInput,
  ApprovalRefusal,
  ApprovalSubject,
  DecisionChannel,
  RetryFailedStepInput,
  RetryReceipt,
  RetryRefusal,
} from './decisions';
export {
  APPROVAL_MODES,
  DEFAULT_APPROVER_POLICY,
  MAX_TIER_APPROVERS,
  approvalTierSchema,
  approverPolicySchema,
  describeApproverPolicy,
  orderedApproverPolicySchema,
  requiredApprovers,
} from './approver-policy';
export type { ApprovalMode, ApprovalTier, ApproverPolicy, RequiredApprovers } from './approver-policy';
export { FLOW_STATE_SCHEMAS, flowStateIssues, pluggedFlowStateSchema, routedStateSchema } from './flow-state';
export type { AnyFlowState, FlowStateIssue, FlowStateOf, FlowStates, PluggedFlowState, RoutedState, ThreadFlowState } from './flow-state';
export { approvalStateSchema, awaitingSchema } from './flows/shared-state';
export { approvalProgress } from './flows/approval-progress';
export type { ApprovalProgress } from './flows/approval-progress';
export type { ApprovalState, Awaiting } from './flows/shared-state';
export { AGENT_INTENTS, INVOICE_INTENTS, ROUTING_INTENTS, routingSchema } from './flows/routing-schema';
export type { AgentIntent, InvoiceIntent, Routing, RoutingIntent } from './flows/routing-schema';
export {
  PROCUREMENT_INTENTS,
  PURCHASE_REQUEST_FIELDS,
  procurementIntentSchema,
  purchaseRequestSchema,
  quoteLineSchema,
  quoteSchema,
  receivedQuoteSchema,
  requestedItemSchema,
} from './flows/procurement-schema';
export type {
  ApprovalPolicy,
  ProcurementIntent,
  PurchaseOrderReader,
  PurchaseOrderRecord,
  PurchaseRequest,
  PurchaseRequestField,
  Quote,
  QuoteLine,
  ReceivedQuote,
  RequestedItem,
} from './flows/procurement-schema';
export {
  PROCUREMENT_HOLDS,
  PROCUREMENT_OUTCOMES,
  PROCUREMENT_STEPS,
  RFQ_STATUSES,
  procurementFlowStateSchema,
  quoteComparisonStateSchema,
  rfqStateSchema,
  rfqThreadStateSchema,
} from './flows/procurement-state';
export type {
  ProcurementFlowState,
  ProcurementHold,
  ProcurementOutcome,
  ProcurementStep,
  RfqState,
  RfqStatus,
  RfqThreadState,
} from './flows/procurement-state';
export {
  DEFAULT_SLA_POLICY,
  SENTIMENTS,
  SUPPORT_INTENTS,
  URGENCIES,
  isSupportIntent,
  sentimentSchema,
  supportIntentSchema,
  urgencySchema,
} from './flows/support-schema';
export type { AutoReplyPolicy, Sentiment, SlaPolicy, SupportIntent, Urgency } from './flows/support-schema';
export { SUPPORT_STEPS, agentReplyStateSchema, supportFlowStateSchema, supportTurnSchema } from './flows/support-state';
export type { AgentReplyState, SupportFlowState, SupportStep, SupportTurn } from './flows/support-state';
export { MAX_WORKFLOW_ID_BYTES, isHashedThreadWorkflowId, isThreadWorkflowId, threadIdFromWorkflowId, threadWorkflowId } from './workflow-id';
export { ENV_BOOLEAN_VALUES, EnvVariableError, envSchemas, parseEnvDuration, readEnv } from './env';
export type { EnvErrorFactory, EnvSource } from './env';
export { defineEnvVariable, envVariablesTable, readEnvVariable } from './env-docs';
export type { EnvVariableSpec } from './env-docs';
export {
  DEFAULT_BLOB_STORE_URL,
  DEFAULT_ORCHESTRATOR_DB_PATH,
  LOG_LEVELS,
  POSTGRES_URL,
  SHARED_ENV,
  blobStoreSettingsFromEnv,
  databaseUrlFromEnv,
} from './shared-env';
export type { BlobStoreSettings, LogLevelName } from './shared-env';
export { inboxThreadPath, inboxThreadUrl } from './inbox-urls';
