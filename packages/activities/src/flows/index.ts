/**
 * The business flows' side of the activities: their configuration, and the procurement and
 * customer support activities. Re-exported by the package entry.
 *
 * @module
 */
export { APPROVER_POLICY_ENV, approverPoliciesFromEnv, checkedApproverPolicy } from './approver-policy-env';
export { REQUESTER_ATTRIBUTE_MODES, SEARCH_ATTRIBUTE_ENV } from './search-attribute-env';
export type { RequesterAttributeMode } from './search-attribute-env';
export { DEFAULT_FLOW_CONFIG, DEFAULT_TRUST_CONFIG, FlowConfigError, flowConfig, mailboxFor, parseDuration, parseMailbox } from './flow-config';
export { FLOW_ENV, FLOW_POLICY_ENV, FLOW_SENDER_ENV, FLOW_TRUST_ENV, envMailboxSchema, flowConfigFromEnv } from './flow-env';
export type { FlowConfig, FlowConfigOverrides, FlowMailboxes, ProcurementConfig, SupportConfig, TrustConfig, TrustConfigOverrides } from './flow-config';
export { PURCHASE_ORDER_CONFLICT, createProcurementActivities } from './procurement-activities';
export type { CreatedPurchaseOrder, FindSuppliersInput, ProcurementDependencies } from './procurement-activities';
export { SUPPORT_FACT_LIMITS, TICKET_NOT_FOUND, createSupportActivities } from './support-activities';
export type {
  CloseSupportTicketInput,
  LookupSupportFactsInput,
  OpenSupportTicketInput,
  SupportDependencies,
  SupportFacts,
  SupportOrderFactWithTotal,
} from './support-activities';
export type { FlowAgentRules, FlowDatabase, FlowModule, FlowModuleDependencies, FlowRoute, FlowStore, OpenedFlowModule } from './flow-module';
