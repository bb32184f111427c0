import type { EmailMessage, EnvSource, FlowName, Routing } from '@org/orchestrator-contracts';
import type { AgentProvider, RulesHandler } from '@org/orchestrator-agents';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { SchemaHistory } from '@org/orchestrator-postgres';
import type { PurchaseOrderStore } from '@org/orchestrator-procurement/node';

/**
 * How a flow claims a thread's first message before the classifier runs: the intent it recognises
 * (its own rules: a flow in a package of its own is not one of the classifier's), or `undefined`.
 */
export type FlowRoute = (message: EmailMessage) => Pick<Routing, 'intent'> | undefined;

/** The rules that answer a flow's agent tasks offline, by task name (handed to the `RulesProvider`). */
export type FlowAgentRules = Readonly<Record<string, RulesHandler>>;

/** A flow module's stores: their versioned schema, and their SQLite file in the worker's data folder. */
export interface FlowStore {
  schema: SchemaHistory;
  sqliteFile: string;
}

/** Where the worker keeps its stores: one PostgreSQL database, or SQLite files in a folder. */
export type FlowDatabase = { kind: 'postgres'; url: string } | { kind: 'sqlite'; directory: string };

/** What the worker gives a flow module to open its stores and build its activities. */
export interface FlowModuleDependencies {
  /** The worker's environment: a module reads its own declared variables from it. */
  env: EnvSource;
  database: FlowDatabase;
  /** The agent provider, with the module's rules when it is the offline one. */
  agents: AgentProvider;
  /** Where attachments are (the ingress put them there). */
  blobs?: BlobStore;
  /** Procurement's purchase orders, for flows that settle them (invoices). */
  purchaseOrders?: Pick<PurchaseOrderStore, 'get'>;
}

/** A flow module's stores opened and its activities built. */
export interface OpenedFlowModule {
  /** Registered by the worker next to the generic activities (names must not clash: the worker checks). */
  activities: Readonly<Record<string, (...args: never[]) => Promise<unknown>>>;
  /** Where its stores are, for the worker's start-up line (never a password). */
  description: string;
  close(): Promise<void>;
}

/**
 * A flow in a package of its own, as the worker installs it (the package's `./node` entry exports
 * one). Its workflow half, a `ThreadFlow` in the package's workflow-safe root entry, is one line of
 * the thread workflow's registry. The worker iterates the installed modules: it routes with their
 * `route`, gives their `agentRules` to the rules provider, migrates their `store` and
 * registers the activities `open` builds.
 */
export interface FlowModule {
  readonly name: FlowName;
  readonly route?: FlowRoute;
  readonly agentRules?: FlowAgentRules;
  /** Its stores, migrated with the worker's (at start on PostgreSQL, and by `orchestrator migrate`). */
  readonly store?: FlowStore;
  open(dependencies: FlowModuleDependencies): Promise<OpenedFlowModule>;
}
