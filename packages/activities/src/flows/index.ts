/**
 * The business flows' side of the activities: their configuration, and the procurement and
 * customer support activities. Re-exported by the package entry.
 *
 * @module
 */
export { DEFAULT_FLOW_CONFIG, DEFAULT_TRUST_CONFIG, REQUESTER_ATTRIBUTE_MODES, FlowConfigError, flowConfig, flowConfigFromEnv, mailboxFor, parseDuration, parseMailbox } from './flow-config';
export type { FlowConfig, FlowConfigOverrides, RequesterAttributeMode, FlowMailboxes, ProcurementConfig, SupportConfig, TrustConfig, TrustConfigOverrides } from './flow-config';
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
