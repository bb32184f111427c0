import type { EmailAddress, FlowName } from '@org/orchestrator-contracts';
import { EnvVariableError, emailAddressSchema, parseEnvDuration } from '@org/orchestrator-contracts';
import type { RequesterAttributeMode } from './search-attribute-env';

/**
 * Each installed flow's part of the configuration, under its flow name. Empty here: a flow package
 * declares its part (TypeScript declaration merging), e.g. procurement's
 * `declare module '@org/orchestrator-activities' { interface FlowConfigParts { procurement: ProcurementConfig } }`,
 * and its `FlowModule.settings` builds it. Plain JSON: the workflow records the whole configuration
 * in its history (via the `loadFlowConfig` activity), so a running thread keeps the policy it started with.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by the flow packages (declaration merging)
export interface FlowConfigParts {}

/**
 * Outbound identity: the mailbox mail is sent from. Never taken from an inbound header (whoever
 * writes to us controls `To:`), and recorded with the rest of the configuration, so a thread keeps
 * its sender. A flow with a mailbox of its own adds it under its name (declaration merging, like
 * {@link FlowConfigParts}), e.g. `support` (`SUPPORT_MAILBOX`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by the flow packages (declaration merging)
export interface FlowMailboxes extends CommonMailboxes {}

/** The mailbox every deployment has, whatever flows are installed. */
export interface CommonMailboxes {
  /** Holding replies of threads no flow took, escalation notices, and flows without a mailbox of their own (`REPLY_FROM`). */
  orchestrator: EmailAddress;
}

/**
 * Who may start what, and how many automatic replies may go out. Plain JSON recorded like the rest
 * of {@link FlowConfig}. A flow adds its own senders' lists (declaration merging, like
 * {@link FlowConfigParts}), e.g. procurement's requesters: lowercased, a domain matches exactly (a
 * subdomain is another domain), and with nothing configured no outside requester is trusted.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by the flow packages (declaration merging)
export interface TrustConfig extends CommonTrustConfig {}

/** The trust settings every deployment has, whatever flows are installed. */
export interface CommonTrustConfig {
  /** Automatic replies (RFC 3834 loop and flood protection). */
  autoReplies: {
    /** Most automatic replies one thread sends per window; beyond it the thread is held for a human. */
    perThread: number;
    /** Most automatic replies one sender gets per window across all threads. */
    perSender: number;
    windowMs: number;
  };
}

/** The configuration of the threads and of every installed flow (its part, under its name). */
export interface FlowConfig extends FlowConfigParts {
  /**
   * Whether workflows publish the `Orchestrator*` search attributes (contracts' `SEARCH_ATTRIBUTES`).
   * Off by default: upserting attributes the namespace has not registered fails every workflow
   * task of the thread. The repository's dev server registers them.
   */
  searchAttributes: boolean;
  /**
   * The agents answer in-process within milliseconds (the `rules` provider): workflows call them as
   * local activities. Unset for a remote LLM, whose calls stay activities with heartbeats. Set by
   * `createActivities` from its agents, not by configuration.
   */
  agentsInline?: boolean;
  /**
   * The task inbox's base URL (`INBOX_BASE_URL`), for links to a thread's page in the emails the
   * flows compose (a support agent's notice). Set by `createActivities` from its inbox settings;
   * absent without an inbox, and in configurations recorded before it (no link).
   */
  inboxUrl?: string;
  /**
   * How `OrchestratorRequester` shows the requester (`FLOW_REQUESTER_ATTRIBUTE`): `plain` (the
   * address), `hashed` (HMAC-SHA256 under a key derived from the id secret: see
   * `requesterAttributeValue`), `off` (not published). Absent in configurations recorded before it: plain.
   */
  requesterAttribute?: RequesterAttributeMode;
  /** The `hashed` mode's key (hex), added by `loadFlowConfig`; recorded in the history, encrypted with it. */
  requesterAttributeKey?: string;
  /** Who the mail comes from (see {@link FlowMailboxes}). */
  mailboxes: FlowMailboxes;
  /** Whose mail is trusted, and how much automatic mail goes out (see {@link TrustConfig}). */
  trust: TrustConfig;
}

/** The sender of a flow's mail: the flow's own mailbox if it has one, else the orchestrator's (and for threads no flow took). */
export function mailboxFor(mailboxes: FlowMailboxes, flow: FlowName | undefined): EmailAddress {
  // The spread is a plain object type: a flow's mailbox is looked up by name without knowing the flows.
  const byName: Partial<Record<string, EmailAddress>> = { ...mailboxes };
  return (flow === undefined ? undefined : byName[flow]) ?? mailboxes.orchestrator;
}

/** Automatic replies: a few per day. */
export const DEFAULT_TRUST_CONFIG: CommonTrustConfig = {
  autoReplies: { perThread: 5, perSender: 10, windowMs: 24 * 60 * 60_000 },
};

/** Partial overrides of {@link TrustConfig} (lists are replaced); a flow adds its own (declaration merging). */
export interface TrustConfigOverrides {
  autoReplies?: Partial<CommonTrustConfig['autoReplies']>;
}

/** Each installed flow's overrides of its part, under its name (declaration merging, like {@link FlowConfigParts}). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by the flow packages (declaration merging)
export interface FlowConfigOverrideParts {}

/** Partial overrides for {@link flowConfig}; nested policy objects may be partial too. */
export interface FlowConfigOverrides extends FlowConfigOverrideParts {
  searchAttributes?: boolean;
  requesterAttribute?: RequesterAttributeMode;
  trust?: TrustConfigOverrides;
  mailboxes?: Partial<FlowMailboxes>;
}

/**
 * What a flow adds to the configuration (`FlowSettings.configure`): its part under its name, its
 * mailbox, its trust lists. Merged one level deep ({@link withPatch}).
 */
export type FlowConfigPatch = Partial<FlowConfigParts> & { mailboxes?: Partial<FlowMailboxes>; trust?: Partial<TrustConfig> };

/**
 * `patch` merged onto `config` one level deep: top-level entries are replaced, `mailboxes` and
 * `trust` merged by entry. The one merge of flow parts, for overrides and configurations alike.
 */
export function withPatch<T extends Mergeable>(config: T, patch: Mergeable): T {
  return {
    ...config,
    ...patch,
    ...(config.mailboxes || patch.mailboxes ? { mailboxes: { ...config.mailboxes, ...patch.mailboxes } } : {}),
    ...(config.trust || patch.trust ? { trust: { ...config.trust, ...patch.trust } } : {}),
  };
}

/** What {@link withPatch} merges: configurations, their patches and their overrides. */
type Mergeable = { mailboxes?: object; trust?: object };

/** The part of the configuration every thread has, whatever flows are installed: what {@link flowConfig} starts from. */
export type CommonFlowConfig = Omit<FlowConfig, keyof FlowConfigParts | 'mailboxes' | 'trust'> & { mailboxes: CommonMailboxes; trust: CommonTrustConfig };

/** The common configuration when nothing is configured: sensible for a demo, safe for a start. */
export const DEFAULT_COMMON_FLOW_CONFIG: CommonFlowConfig = {
  searchAttributes: true,
  requesterAttribute: 'plain',
  mailboxes: { orchestrator: { address: 'orchestrator@orchestrator.local', name: 'Agent Orchestrator' } },
  trust: DEFAULT_TRUST_CONFIG,
};

/** What builds a flow's part of the configuration (a `FlowModule`'s `settings`). */
export interface FlowConfigBuilder {
  configure(overrides: FlowConfigOverrides): FlowConfigPatch;
}

/**
 * The defaults with `overrides` deep-merged onto them (arrays are replaced, not merged): the common
 * part, then each flow's part built by its module (`FlowModule.settings`). Returns fresh objects.
 * The flows' parts are there for the `modules` given: the installed-flows package passes every
 * installed one (`installedFlowConfig`).
 * @throws {EnvVariableError} for a flow policy given in code that is not valid.
 * @example
 * const flows = flowConfig({ procurement: { approval: { autoApproveBelow: 500 } } }, FLOW_MODULES);
 */
export function flowConfig(overrides: FlowConfigOverrides = {}, modules: readonly { settings?: FlowConfigBuilder }[] = []): FlowConfig {
  const d = DEFAULT_COMMON_FLOW_CONFIG;
  const common: CommonFlowConfig = {
    searchAttributes: overrides.searchAttributes ?? d.searchAttributes,
    requesterAttribute: overrides.requesterAttribute ?? d.requesterAttribute ?? 'plain',
    mailboxes: { orchestrator: { ...(overrides.mailboxes?.orchestrator ?? d.mailboxes.orchestrator) } },
    trust: { autoReplies: { ...d.trust.autoReplies, ...overrides.trust?.autoReplies } },
  };
  const patches = modules.map((module) => module.settings?.configure(overrides) ?? {});
  // The flows' parts are declared by their packages; which are present is the modules given.
  return patches.reduce<CommonFlowConfig>((config, patch) => withPatch(config, patch), common) as FlowConfig;
}

/** A flow setting in the environment is invalid; `variable` names it: the one configuration error, `EnvVariableError`. */
export const FlowConfigError = EnvVariableError;
export type FlowConfigError = EnvVariableError;

/**
 * `500ms`, `90s`, `15m`, `1.5h`, `5d` → milliseconds; `null` for anything else (no bare numbers,
 * no spaces, no sums like `1h30m`, nothing negative or zero), so a typo never becomes a timer.
 */
export function parseDuration(text: string): number | null {
  // The rule every package shares (`@org/orchestrator-contracts`), kept under its old name here.
  return text === text.trim() ? parseEnvDuration(text) : null;
}

/** `Name <address>`, `"Name" <address>` or `address`. */
export function parseMailbox(raw: string): EmailAddress | undefined {
  const match = /^(?:"?([^"<]*?)"?\s*<([^>]+)>|([^<>\s]+))$/.exec(raw.trim());
  if (!match) return undefined;
  const name = match[1]?.trim();
  const parsed = emailAddressSchema.safeParse({ address: match[2] ?? match[3], ...(name ? { name } : {}) });
  return parsed.success ? parsed.data : undefined;
}
