import { z } from 'zod';
import type { EmailAddress, EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { defineEnvVariable, emailAddressSchema, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import type { FlowConfig, FlowConfigBuilder, FlowConfigOverrides } from './flow-config';
import { DEFAULT_COMMON_FLOW_CONFIG, DEFAULT_TRUST_CONFIG, FlowConfigError, flowConfig, parseMailbox, withPatch } from './flow-config';
import { SEARCH_ATTRIBUTE_ENV } from './search-attribute-env';

/**
 * The common flow settings (the orchestrator's sender, the automatic-reply limits), declared once:
 * read by {@link flowConfigFromEnv} at worker start (and by the inbox, for its people) with the
 * installed flows' own (`FlowModule.settings`), tabled in the worker README. The schemas the flows'
 * settings share are here too ({@link FLOW_ENV_SCHEMAS}).
 */

const addressSchema = emailAddressSchema.shape.address;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const show = (raw: string) => JSON.stringify(raw);

/** `Name <address>`, `"Name" <address>` or `address`; `example` shows the form in the error. */
export function envMailboxSchema(example: string): z.ZodType<EmailAddress, string> {
  return z
    .string()
    .transform((raw, ctx) => {
      const parsed = parseMailbox(raw);
      if (!parsed) ctx.addIssue({ code: 'custom', message: `must be an email address like ${show(example)}` });
      return parsed ?? z.NEVER;
    })
    .describe('`Name <address>` or `address`');
}

const emailAddress = z
  .string()
  .refine((raw) => addressSchema.safeParse(raw).success, { message: 'must be an email address' })
  .describe('an email address');

const emailAddresses = z
  .string()
  .transform((raw, ctx) => {
    const list = raw.split(',').map((a) => a.trim());
    const bad = list.filter((a) => !addressSchema.safeParse(a).success);
    if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `must be email addresses separated by commas (invalid: ${bad.map(show).join(', ')})` });
    return bad.length > 0 ? z.NEVER : list;
  })
  .describe('email addresses, comma-separated');

const domains = z
  .string()
  .transform((raw, ctx) => {
    const list = raw.split(',').map((d) => d.trim().toLowerCase());
    const bad = list.filter((d) => !DOMAIN.test(d));
    if (bad.length > 0)
      ctx.addIssue({ code: 'custom', message: `must be domain names separated by commas (no @, no wildcards) (invalid: ${bad.map(show).join(', ')})` });
    return bad.length > 0 ? z.NEVER : list;
  })
  .describe('domain names, comma-separated (exact match)');

const currency = z
  .string()
  .transform((raw, ctx) => {
    if (!/^[A-Za-z]{3}$/.test(raw)) ctx.addIssue({ code: 'custom', message: 'must be an ISO 4217 currency code like EUR' });
    return raw.toUpperCase();
  })
  .describe('an ISO 4217 code, e.g. `EUR`');

/** The value schemas the flows' settings share: one message per kind of mistake. */
export const FLOW_ENV_SCHEMAS = { emailAddress, emailAddresses, domains, currency } as const;

const code = (value: unknown) => `\`${String(value)}\``;
const HOUR = 3_600_000;
const UNITS: [string, number][] = [
  ['d', 24 * HOUR],
  ['h', HOUR],
  ['m', 60_000],
  ['s', 1_000],
];
/** A default in milliseconds as the variable would spell it (`1d`, `48h`, `90s`). */
const spelled = (ms: number) => {
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
};

/** A `code` default as the README shows it, e.g. `` `5` ``. */
export const envDefault = code;
/** A mailbox as a variable spells it: `Name <address>`. */
const mailboxText = (m: EmailAddress) => `${m.name} <${m.address}>`;

/** A duration variable whose default is `fallbackMs`, spelled as the variable would be (`1d`, `90s`). */
export const durationVariable = (name: string, fallbackMs: number, meaning: string) =>
  defineEnvVariable({ name, schema: envSchemas.duration, default: code(spelled(fallbackMs)), meaning });

/** The common settings of {@link FlowConfig} (a flow's are its module's; the search attributes' `SEARCH_ATTRIBUTE_ENV`). */
export const FLOW_ENV = {
  replyFrom: defineEnvVariable({
    name: 'REPLY_FROM',
    schema: envMailboxSchema('Orchestrator <orchestrator@example.com>'),
    default: code(mailboxText(DEFAULT_COMMON_FLOW_CONFIG.mailboxes.orchestrator)),
    meaning: "Sender of holding replies of threads no flow took and of escalation notices; the fallback of the flows' mailboxes",
  }),
  autoReplyLimitPerThread: defineEnvVariable({
    name: 'AUTO_REPLY_LIMIT_PER_THREAD',
    schema: envSchemas.number({ min: 0, integer: true }),
    default: code(DEFAULT_TRUST_CONFIG.autoReplies.perThread),
    meaning: 'Automatic answers one support thread sends per window; beyond, a person answers (ticket)',
  }),
  autoReplyLimitPerSender: defineEnvVariable({
    name: 'AUTO_REPLY_LIMIT_PER_SENDER',
    schema: envSchemas.number({ min: 0, integer: true }),
    default: code(DEFAULT_TRUST_CONFIG.autoReplies.perSender),
    meaning: 'Automatic answers one sender gets per window across all threads (claimed in the orchestrator store)',
  }),
  autoReplyWindow: durationVariable('AUTO_REPLY_WINDOW', DEFAULT_TRUST_CONFIG.autoReplies.windowMs, 'The window of both automatic-answer limits'),
} as const;

/** Drops `undefined` values, so unset variables leave the defaults in place when spread. */
export function defined<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * A reminder that comes after the escalation would never be sent: reject the pair.
 * @throws {FlowConfigError} naming the escalation's variable.
 */
export function remindBeforeEscalating(reminder: number, escalation: number, reminderSpec: EnvVariableSpec, escalationSpec: EnvVariableSpec): void {
  if (escalation <= reminder) {
    throw new FlowConfigError(
      escalationSpec.name,
      `must be longer than ${reminderSpec.name} (the reminder comes first), got ${escalation} ms <= ${reminder} ms`,
    );
  }
}

/** What a flow module reads from the environment for its part of the configuration (a `FlowModule`'s `settings`). */
export interface FlowEnvSettings extends FlowConfigBuilder {
  /** Its variables, as the worker README tables them. */
  readonly env: readonly EnvVariableSpec[];
  /**
   * The overrides its set variables give (none for unset ones); a flow's mailbox falls back to
   * `REPLY_FROM` ({@link FLOW_ENV}), as the flow's variable's default says.
   * @throws {FlowConfigError} naming the first invalid variable and its value.
   */
  fromEnv(env: EnvSource): FlowConfigOverrides;
  /** The people its part of `config` names, who may sign in to the task inbox: its approvers and its agents. */
  people?(config: FlowConfig): FlowPeople;
}

/** The people a flow's configuration names (`FlowEnvSettings.people`), addresses as configured. */
export interface FlowPeople {
  approvers: string[];
  agents: string[];
}

/**
 * The flow configuration from the environment: the common variables ({@link FLOW_ENV},
 * `SEARCH_ATTRIBUTE_ENV`) and each installed flow's (`FlowModule.settings`), every one optional
 * (defaults: {@link flowConfig}'s). Read once at worker start, so a bad value stops the worker
 * instead of a running thread.
 * @throws {FlowConfigError} naming the first invalid variable and its value.
 * @example
 * const activities = createActivities({ store, outbound, flows: flowConfigFromEnv(process.env, FLOW_MODULES) });
 */
export function flowConfigFromEnv(env: EnvSource = process.env, modules: readonly { settings?: FlowEnvSettings }[] = []): FlowConfig {
  const read = <T>(spec: EnvVariableSpec<T>): T | undefined => readEnvVariable(env, spec, FlowConfigError);
  const replyFrom = read(FLOW_ENV.replyFrom);
  const common: FlowConfigOverrides = {
    ...defined({ searchAttributes: read(SEARCH_ATTRIBUTE_ENV.searchAttributes), requesterAttribute: read(SEARCH_ATTRIBUTE_ENV.requesterAttribute) }),
    trust: {
      autoReplies: defined({
        perThread: read(FLOW_ENV.autoReplyLimitPerThread),
        perSender: read(FLOW_ENV.autoReplyLimitPerSender),
        windowMs: read(FLOW_ENV.autoReplyWindow),
      }),
    },
    mailboxes: defined({ orchestrator: replyFrom }),
  };
  const overrides = modules.reduce((all, module) => (module.settings ? withPatch(all, module.settings.fromEnv(env)) : all), common);
  return flowConfig(overrides, modules);
}

/**
 * Declares a flow's mailbox variable (e.g. `SUPPORT_MAILBOX`): `Name <address>` or an address, like
 * `example`; unset, `REPLY_FROM`, else `fallback` (read by {@link flowMailboxFromEnv}).
 */
export function flowMailboxVariable(name: string, example: string, fallback: EmailAddress, meaning: string): EnvVariableSpec<EmailAddress> {
  return defineEnvVariable({ name, schema: envMailboxSchema(example), default: `\`REPLY_FROM\`, else \`${mailboxText(fallback)}\``, meaning });
}

/** A flow's mailbox variable, else `REPLY_FROM` (the default its variable documents); unset both, the flow's default. */
export function flowMailboxFromEnv(env: EnvSource, spec: EnvVariableSpec<EmailAddress>): EmailAddress | undefined {
  return readEnvVariable(env, spec, FlowConfigError) ?? readEnvVariable(env, FLOW_ENV.replyFrom, FlowConfigError);
}
