import type { EnvSource, FlowName } from '@org/orchestrator-contracts';
import { OrchestratorError } from '@org/orchestrator-contracts';
import type { FlowConfig, FlowConfigOverrides, FlowModule, FlowModuleDependencies, FlowStore, OpenedFlowModule } from '@org/orchestrator-activities';
import { flowConfig, flowConfigFromEnv } from '@org/orchestrator-activities';
import { invoiceFlowModule } from '@org/orchestrator-invoice-matching/node';
import { procurementFlowModule } from '@org/orchestrator-procurement/node';
import { supportFlowModule } from '@org/orchestrator-support-desk/node';

/**
 * The flows in packages of their own that a deployment installs: one line per flow (its workflow
 * half is one line of the thread workflow's registry, `packages/workflows/src/flows/registry.ts`).
 */
export const FLOW_MODULES: readonly FlowModule[] = [procurementFlowModule, supportFlowModule, invoiceFlowModule];

/** A flow module installed without a flow it requires (`FlowModule.requires`), or before it. */
export class MissingRequiredFlowError extends OrchestratorError {
  override readonly name: string = 'MissingRequiredFlowError';
  constructor(
    readonly flow: FlowName,
    readonly required: FlowName,
  ) {
    super('FlowNotInstalled', `flow ${flow} requires flow ${required}, installed before it`);
  }
}

/**
 * Refuses modules whose required flows are missing or come after them (what a flow shares reaches
 * the modules after it only).
 * @throws {MissingRequiredFlowError} naming the first such pair.
 */
export function checkRequiredFlows(modules: readonly Pick<FlowModule, 'name' | 'requires'>[]): void {
  modules.forEach((module, index) => {
    const before = new Set(modules.slice(0, index).map((m) => m.name));
    const missing = module.requires?.find((name) => !before.has(name));
    if (missing !== undefined) throw new MissingRequiredFlowError(module.name, missing);
  });
}

/** The rules of every installed flow's agent tasks, for the offline rules provider. */
export function flowAgentRules(modules: readonly FlowModule[] = FLOW_MODULES): NonNullable<FlowModule['agentRules']> {
  return Object.assign({}, ...modules.map((m) => m.agentRules ?? {})) as NonNullable<FlowModule['agentRules']>;
}

/**
 * The flow configuration with every installed flow's part: the defaults with `overrides`
 * deep-merged on (`flowConfig` over {@link FLOW_MODULES}).
 * @example
 * const flows = installedFlowConfig({ procurement: { maxSuppliers: 1 }, mailboxes: { support: { address: 'help@shop.example' } } });
 */
export function installedFlowConfig(overrides: FlowConfigOverrides = {}): FlowConfig {
  return flowConfig(overrides, FLOW_MODULES);
}

/**
 * The flow configuration from the environment, every installed flow's variables with the common
 * ones (`flowConfigFromEnv` over {@link FLOW_MODULES}): what the worker and the inbox read at start.
 * @throws {EnvVariableError} naming the first invalid variable and its value.
 */
export function installedFlowConfigFromEnv(env: EnvSource = process.env): FlowConfig {
  return flowConfigFromEnv(env, FLOW_MODULES);
}

/** The stores of the installed flows, for the worker's and `orchestrator migrate`'s migrations. */
export function flowStores(modules: readonly FlowModule[] = FLOW_MODULES): FlowStore[] {
  return modules.flatMap((m) => m.stores ?? []);
}

/**
 * The installed flows opened in order: their activities (next to `generic`, never replacing one)
 * and one close. What a module shares (`OpenedFlowModule.shares`) is handed to the modules after it.
 * @throws {MissingRequiredFlowError} when a module's required flow is not installed before it.
 */
export async function openFlowModules(
  modules: readonly FlowModule[],
  dependencies: FlowModuleDependencies,
  generic: Readonly<Record<string, unknown>>,
): Promise<{ activities: OpenedFlowModule['activities']; descriptions: string[]; close(): Promise<void> }> {
  checkRequiredFlows(modules);
  const opened: OpenedFlowModule[] = [];
  const activities: Record<string, OpenedFlowModule['activities'][string]> = {};
  let given = dependencies;
  try {
    for (const module of modules) {
      const flow = await module.open(given);
      opened.push(flow);
      if (flow.shares) given = { ...given, ...flow.shares };
      for (const [name, activity] of Object.entries(flow.activities)) {
        if (name in generic || name in activities) throw new Error(`flow ${module.name}: activity ${name} is registered already`);
        activities[name] = activity;
      }
    }
  } catch (error) {
    await Promise.allSettled(opened.map((o) => o.close()));
    throw error;
  }
  return {
    activities,
    descriptions: opened.map((o) => o.description),
    async close() {
      await Promise.allSettled(opened.map((o) => o.close()));
    },
  };
}
