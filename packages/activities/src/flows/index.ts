/**
 * The business flows' side of the activities: their configuration, and how a flow in a package of its own is installed (`FlowModule`). Re-exported by the package entry.
 *
 * @module
 */
export { approverPolicyFromEnv, approverPolicyVariables, checkedApproverPolicy } from './approver-policy-env';
export type { ApproverPolicyVariables } from './approver-policy-env';
export { REQUESTER_ATTRIBUTE_MODES, SEARCH_ATTRIBUTE_ENV } from './search-attribute-env';
export type { RequesterAttributeMode } from './search-attribute-env';
export {
  DEFAULT_COMMON_FLOW_CONFIG,
  DEFAULT_TRUST_CONFIG,
  FlowConfigError,
  flowConfig,
  mailboxFor,
  parseDuration,
  parseMailbox,
  withPatch,
} from './flow-config';
export {
  FLOW_ENV,
  FLOW_ENV_SCHEMAS,
  defined,
  durationVariable,
  envDefault,
  envMailboxSchema,
  flowConfigFromEnv,
  flowMailboxFromEnv,
  flowMailboxVariable,
  remindBeforeEscalating,
} from './flow-env';
export type { FlowEnvSettings, FlowPeople } from './flow-env';
export type {
  CommonFlowConfig,
  CommonMailboxes,
  CommonTrustConfig,
  FlowConfig,
  FlowConfigBuilder,
  FlowConfigOverrideParts,
  FlowConfigOverrides,
  FlowConfigParts,
  FlowConfigPatch,
  FlowMailboxes,
  TrustConfig,
  TrustConfigOverrides,
} from './flow-config';
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
