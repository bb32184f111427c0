import { z } from 'zod';
import { OrchestratorError } from './orchestrator-error';

/**
 * One way to read settings from the environment, for every package: the same booleans, durations and
 * numbers everywhere, and errors that name the variable and what it accepts. Workflow-safe (it reads
 * a plain record, never `process`).
 */

/** Environment variables, e.g. `process.env`. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * A setting that cannot be used; `variable` names it, the message says what it accepts. The one
 * configuration error of every package (code `ConfigInvalid`): the packages' own names for it
 * (`TemporalConfigError`, `TracingConfigError`, `FlowConfigError`, `IngressConfigError`,
 * `InboxConfigError`) are this class.
 */
export class EnvVariableError extends OrchestratorError {
  override readonly name: string = 'EnvVariableError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super('ConfigInvalid', `${variable} ${problem}`);
  }
}

/** The spellings every boolean setting accepts (case-insensitive). */
export const ENV_BOOLEAN_VALUES = { true: ['true', '1', 'yes', 'on'], false: ['false', '0', 'no', 'off'] } as const;

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `90s`, `1.5m`, `24h`, `5d` in milliseconds (positive, finite), else `null`. */
export function parseEnvDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const ms = Math.round(Number(match[1]) * (DURATION_UNITS_MS[match[2] as string] as number));
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** Schemas of setting values: each takes the trimmed text and says in its message what it accepts. */
export const envSchemas = {
  boolean: z
    .string()
    .transform((raw, ctx) => {
      const value = raw.toLowerCase();
      if ((ENV_BOOLEAN_VALUES.true as readonly string[]).includes(value)) return true;
      if ((ENV_BOOLEAN_VALUES.false as readonly string[]).includes(value)) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false (${[...ENV_BOOLEAN_VALUES.true, ...ENV_BOOLEAN_VALUES.false].join(', ')})` });
      return z.NEVER;
    })
    .describe('`true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`)'),
  /** A positive duration in milliseconds. */
  duration: z
    .string()
    .transform((raw, ctx) => {
      const ms = parseEnvDuration(raw);
      if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be a positive duration like 500ms, 90s, 15m, 24h or 5d' });
      return ms ?? z.NEVER;
    })
    .describe('a duration: `500ms`, `90s`, `15m`, `24h`, `5d`'),
  integer: (min: number, max = Number.MAX_SAFE_INTEGER) =>
    z
      .string()
      .transform((raw, ctx) => {
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
          ctx.addIssue({
            code: 'custom',
            message: max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`,
          });
          return z.NEVER;
        }
        return value;
      })
      .describe(max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer ${min}–${max}`),
  /** A plain decimal (no `0x`, no exponent) in a range; `integer` refuses fractions, `exclusiveMin` the minimum itself. */
  number: ({ min, max, integer = false, exclusiveMin = false }: { min: number; max?: number; integer?: boolean; exclusiveMin?: boolean }) => {
    const lower = exclusiveMin ? `> ${min}` : `>= ${min}`;
    const range = max === undefined ? lower : `between ${min} and ${max}`;
    const kind = integer ? 'an integer' : 'a number';
    return z
      .string()
      .transform((raw, ctx) => {
        // Number('') and Number('0x10') are numbers; only plain decimals are meant here.
        const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
        const tooLow = exclusiveMin ? value <= min : value < min;
        if (!Number.isFinite(value) || tooLow || (max !== undefined && value > max) || (integer && !Number.isInteger(value))) {
          ctx.addIssue({ code: 'custom', message: `must be ${kind} ${range}` });
          return z.NEVER;
        }
        return value;
      })
      .describe(`${kind} ${max === undefined ? lower.replace('>=', '≥') : `${min}–${max}`}`);
  },
  /** Comma-separated, blanks dropped. */
  list: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .describe('comma-separated'),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number], string> =>
    z
      .string()
      .transform((raw, ctx): T[number] => {
        const value: T[number] | undefined = values.find((v) => v.toLowerCase() === raw.toLowerCase());
        if (value === undefined) ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
        return value ?? z.NEVER;
      })
      .describe(values.map((v) => `\`${v}\``).join(', ')),
  /** Any text (trimmed); `accepts` says what it means, e.g. `an http(s) URL`. */
  text: (accepts: string): z.ZodType<string, string> => z.string().describe(accepts),
} as const;

/** Builds the error a package throws for a bad setting (its own subclass of {@link EnvVariableError}). */
export type EnvErrorFactory = new (variable: string, problem: string) => Error;

/**
 * Reads `variable` with `schema`: `undefined` when unset or blank, the parsed value otherwise.
 * @throws {EnvVariableError} (or `errorClass`) naming the variable, what it accepts and what it got.
 * @example
 * const insecure = readEnv(process.env, 'IMAP_TLS_INSECURE', envSchemas.boolean) ?? false;
 */
export function readEnv<T>(env: EnvSource, variable: string, schema: z.ZodType<T, string>, errorClass: EnvErrorFactory = EnvVariableError): T | undefined {
  const raw = env[variable]?.trim();
  if (!raw) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is invalid';
  throw new errorClass(variable, `${message}, got ${JSON.stringify(raw)}`);
}
