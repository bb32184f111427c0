import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The parseArgs configuration of one command: its own options plus {@link COMMON_OPTIONS}. */
type CommandArgsConfig<O extends Options> = {
  args: string[];
  options: typeof COMMON_OPTIONS & O;
  strict: true;
  allowPositionals: boolean;
};

/**
 * `node:util` parseArgs in strict mode, with its errors turned into {@link UsageError}s for `command`.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals: boolean,
): ReturnType<typeof parseArgs<CommandArgsConfig<O>>> {
  try {
    const config: CommandArgsConfig<O> = { args: argv, options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals };
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message, command);
    throw error;
  }
}

/** The single positional argument of `command`, e.g. the thread id of `state <threadId>`. */
export function onePositional(command: string, positionals: string[], name: string): string {
  if (positionals.length === 0) throw new UsageError(`missing <${name}>`, command);
  if (positionals.length > 1) throw new UsageError(`expected one <${name}>, got ${positionals.length}`, command);
  const value = (positionals[0] as string).trim();
  if (!value) throw new UsageError(`<${name}> must not be empty`, command);
  return value;
}
