/**
 * The flows in packages of their own that a deployment installs, and how the worker opens them:
 * the worker registers their activities and gives their rules to the rules provider, the worker and
 * `orchestrator migrate` migrate their stores. Node only.
 *
 * @example
 * import { FLOW_MODULES, flowAgentRules, flowStores, openFlowModules } from '@org/orchestrator-installed-flows';
 * const provider = providerFromEnv(process.env, { rules: flowAgentRules() });
 * const installed = await openFlowModules(FLOW_MODULES, { env: process.env, database, agents: provider }, genericActivities);
 *
 * @module
 */
export { FLOW_MODULES, flowAgentRules, flowStores, openFlowModules } from './flow-modules';
