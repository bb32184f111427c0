import { isAbsolute, join, resolve } from 'node:path';
import type { EmailMessage, EnvSource, EnvVariableSpec, FlowName, PurchaseOrderReader, Routing } from '@org/orchestrator-contracts';
import { readEnvVariable } from '@org/orchestrator-contracts';
import type { AgentProvider, RulesHandler } from '@org/orchestrator-agents';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { SchemaHistory } from '@org/orchestrator-postgres';
import type { FlowConfig } from './flow-config';
import type { FlowEnvSettings } from './flow-env';

/**
 * How a flow claims a thread's first message before the classifier runs: the intent it recognises
 * (its own rules: a flow in a package of its own is not one of the classifier's), or `undefined`.
 */
export type FlowRoute = (message: EmailMessage) => Pick<Routing, 'intent'> | undefined;

/** The rules that answer a flow's agent tasks offline, by task name (handed to the `RulesProvider`). */
export type FlowAgentRules = Readonly<Record<string, RulesHandler>>;

/** One of a flow module's stores: its versioned schema, and its SQLite file in the worker's data folder. */
export interface FlowStore {
  schema: SchemaHistory;
  sqliteFile: string;
  /**
   * The flow's variable naming another SQLite file (relative to the working directory), e.g. the
   * support desk's `SUPPORT_DB_PATH`; unset, `sqliteFile` in the data folder.
   */
  sqlitePath?: EnvVariableSpec<string>;
  /** Kept on SQLite only: a local index whose data is in another store's tables on PostgreSQL (the knowledge index). */
  sqliteOnly?: boolean;
}

/**
 * Where a flow store's SQLite file is: its variable's file (resolved against the working
 * directory) when set, else `sqliteFile` in the worker's data folder `directory`. The one rule the
 * worker's modules, `orchestrator migrate` and the stores' locations share.
 */
export function flowStoreFile(store: FlowStore, env: EnvSource, directory: string): string {
  const named = store.sqlitePath ? readEnvVariable(env, store.sqlitePath) : undefined;
  if (named !== undefined) return resolve(named);
  return isAbsolute(directory) ? join(directory, store.sqliteFile) : resolve(directory, store.sqliteFile);
}

/** What {@link FlowModule.seed} loaded, by what it is (e.g. `{ customers: 13, orders: 21, articles: 9 }`). */
export type FlowSeedReport = Readonly<Record<string, number>>;

/** Where the worker keeps its stores: one PostgreSQL database, or SQLite files in a folder. */
export type FlowDatabase = { kind: 'postgres'; url: string } | { kind: 'sqlite'; directory: string };

/**
 * What a flow module shares with the flows installed after it (`OpenedFlowModule.shares`), which
 * receive it with their dependencies: one flow reads another's records without importing it.
 */
export interface FlowShares {
  /** Procurement's purchase orders (shared by the procurement flow), for flows that settle them (invoices). */
  purchaseOrders?: PurchaseOrderReader;
}

/** What the worker gives a flow module to open its stores and build its activities (with what earlier modules share). */
export interface FlowModuleDependencies extends FlowShares {
  /** The worker's environment: a module reads its own declared variables from it. */
  env: EnvSource;
  database: FlowDatabase;
  /** The agent provider, with the module's rules when it is the offline one. */
  agents: AgentProvider;
  /** Where attachments are (the ingress put them there). */
  blobs?: BlobStore;
  /** The flow configuration, as `loadFlowConfig` hands it to workflows; unset, a module reads its part from `env` (its `settings`). */
  flows?: FlowConfig;
}

/** A flow module's stores opened and its activities built. */
export interface OpenedFlowModule {
  /** Registered by the worker next to the generic activities (names must not clash: the worker checks). */
  activities: Readonly<Record<string, (...args: never[]) => Promise<unknown>>>;
  /** Where its stores are, for the worker's start-up line (never a password). */
  description: string;
  /** What it shares with the flows installed after it (e.g. procurement's purchase orders): see {@link FlowShares}. */
  shares?: FlowShares;
  close(): Promise<void>;
}

/**
 * A flow in a package of its own, as the worker installs it (the package's `./node` entry exports
 * one). Its workflow half, a `ThreadFlow` in the package's workflow-safe root entry, is one line of
 * the thread workflow's registry. The worker iterates the installed modules: it routes with their
 * `route`, gives their `agentRules` to the rules provider, reads their `settings` into the flow
 * configuration, migrates their `stores`, seeds them and registers the activities `open` builds.
 */
export interface FlowModule {
  readonly name: FlowName;
  /**
   * The flows it cannot work without, installed before it (the invoice flow reads procurement's
   * purchase orders and its approvers): the worker refuses to start without them.
   */
  readonly requires?: readonly FlowName[];
  readonly route?: FlowRoute;
  readonly agentRules?: FlowAgentRules;
  /**
   * Its part of the flow configuration (recorded in every thread's history by `loadFlowConfig`),
   * declared in its package (`FlowConfigParts`), with the variables that set it.
   */
  readonly settings?: FlowEnvSettings;
  /** Its stores, migrated with the worker's (at start on PostgreSQL, and by `orchestrator migrate`). */
  readonly stores?: readonly FlowStore[];
  /**
   * Loads its sample data into the PostgreSQL database at `url` (migrated already): what
   * `orchestrator seed` does. Only what is missing or changed, so seeding twice changes nothing.
   * It reads its own settings from `env` (SQLite stores seed themselves when first opened).
   */
  seed?(database: { url: string; env: EnvSource }): Promise<FlowSeedReport>;
  open(dependencies: FlowModuleDependencies): Promise<OpenedFlowModule>;
}
