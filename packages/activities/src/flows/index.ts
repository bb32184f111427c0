/**
 * The business flows' side of the activities: their configuration, and how a flow in a package of its own is installed (`FlowModule`). Re-exported by the package entry.
 *
 * @module
 */
export { APPROVER_POLICY_ENV, approverPoliciesFromEnv, checkedApproverPolicy } from './approver-policy-env';
export { REQUESTER_ATTRIBUTE_MODES, SEARCH_ATTRIBUTE_ENV } from './search-attribute-env';
export type { RequesterAttributeMode } from './search-attribute-env';
export { DEFAULT_FLOW_CONFIG, DEFAULT_TRUST_CONFIG, FlowConfigError, flowConfig, mailboxFor, parseDuration, parseMailbox } from './flow-config';
export { FLOW_ENV, FLOW_POLICY_ENV, FLOW_SENDER_ENV, FLOW_TRUST_ENV, envMailboxSchema, flowConfigFromEnv } from './flow-env';
export type { FlowConfig, FlowConfigOverrides, FlowMailboxes, ProcurementConfig, SupportConfig, TrustConfig, TrustConfigOverrides } from './flow-config';
export { flowStoreFile } from './flow-module';
export type {
  FlowAgentRules,
  FlowDatabase,
  FlowModule,
  FlowModuleDependencies,
  FlowRoute,
  FlowSeedReport,
  FlowShares,
  FlowStore,
  OpenedFlowModule,
} from './flow-module';
