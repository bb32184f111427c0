import { parseArgs } from 'node:util';
import type { AgentProvider } from '../task';
import { writeGeneratedBlock } from './generated-block';

/** What one package's `eval:*` command brings; the flags, checks and README writing are shared. */
export interface EvalCliOptions<Set extends string, Report> {
  /** The npm script name, prefixed to the error message: `eval:support`. */
  command: string;
  /** The sets `--set` accepts; all of them by default. */
  sets: readonly Set[];
  /**
   * The provider `--provider` names: `providerFromEnv` with the flow's own task rules, as the worker's.
   * Passed in, not imported, so this entry does not bundle a second copy of the providers.
   */
  provider: (env: NodeJS.ProcessEnv) => AgentProvider;
  report: (provider: AgentProvider, sets: Set[]) => Promise<Report>;
  render: (report: Report, options: { misses: boolean }) => string;
  /** Where `--write-readme` (rules provider only) writes the report, and what it says it wrote (`the draft accuracy table`). */
  readme: { path: string; markers: { begin: string; end: string }; section: (report: Report) => string; written: string };
}

async function evalCli<Set extends string, Report>(options: EvalCliOptions<Set, Report>, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: 'string', default: 'rules' },
      set: { type: 'string', default: options.sets.join(',') },
      misses: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
    },
  });
  const sets = (values.set ?? '').split(',').map((s) => s.trim()) as Set[];
  const unknown = sets.filter((s) => !options.sets.includes(s));
  if (unknown.length) throw new Error(`unknown set(s) ${unknown.join(', ')}; known: ${options.sets.join(', ')}`);
  const provider = options.provider({ ...process.env, AGENT_PROVIDER: values.provider });
  const report = await options.report(provider, sets);
  process.stdout.write(options.render(report, { misses: values.misses ?? false }));
  if (values['write-readme']) {
    if (provider.name !== 'rules') throw new Error('--write-readme records the rules provider only');
    writeGeneratedBlock(options.readme.path, options.readme.markers, options.readme.section(report));
    process.stdout.write(`\nwrote ${options.readme.written} into ${options.readme.path}\n`);
  }
}

/**
 * Runs an `eval:*` command: `[--provider rules|openai] [--set a,b] [--misses] [--write-readme]`.
 * Scores `sets` with the provider the environment names (OPENAI_BASE_URL, OPENAI_API_KEY,
 * AGENT_MODEL, as for the worker), prints the report, and with `--write-readme` (rules only)
 * regenerates the README block. A failure is printed as `command: message` with exit code 1.
 */
export function runEvalCli<Set extends string, Report>(options: EvalCliOptions<Set, Report>, argv: string[] = process.argv.slice(2)): Promise<void> {
  return evalCli(options, argv).catch((error: unknown) => {
    process.stderr.write(`${options.command}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
