/**
 * The flows in packages of their own that a deployment installs, and how the worker opens them:
 * the flow configuration reads their settings (`installedFlowConfigFromEnv`), the worker registers
 * their activities and gives their rules to the rules provider, the worker and `orchestrator
 * migrate` migrate their stores. Node only.
 *
 * @example
 * import { FLOW_MODULES, flowAgentRules, installedFlowConfigFromEnv, openFlowModules } from '@org/orchestrator-installed-flows';
 * const flows = installedFlowConfigFromEnv(process.env); // each flow's part, e.g. flows.procurement.maxSuppliers
 * const provider = providerFromEnv(process.env, { rules: flowAgentRules() });
 * const installed = await openFlowModules(FLOW_MODULES, { env: process.env, database, agents: provider, flows }, genericActivities);
 *
 * @module
 */
export {
  FLOW_MODULES,
  MissingRequiredFlowError,
  checkRequiredFlows,
  flowAgentRules,
  flowStores,
  installedFlowConfig,
  installedFlowConfigFromEnv,
  openFlowModules,
} from './flow-modules';
// The installed flows' parts of the flow configuration (declared by their packages, so that
// `installedFlowConfig().procurement` is typed wherever the installed flows are).
export type { ProcurementConfig } from '@org/orchestrator-procurement';
export type { SupportConfig } from '@org/orchestrator-support-desk';
