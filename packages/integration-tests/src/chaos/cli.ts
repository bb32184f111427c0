// `npm run chaos`: one bounded chaos run (see run-chaos.ts); prints a table, writes a JSON report,
// exits 1 if a promise was broken. Run: tsx --conditions=@org/source cli.ts [options]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { USAGE, parseChaosArgs } from './options';
import { formatChaosTable } from './report';
import { runChaos } from './run-chaos';

async function main(): Promise<number> {
  const { options, report: reportPath, help } = parseChaosArgs(process.argv.slice(2), process.env);
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const started = Date.now();
  const log = (line: string) => console.error(`[chaos +${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the run and every process it started …`);
      controller.abort();
    });
  }
  const report = await runChaos({ ...options, log, signal: controller.signal });
  console.log(formatChaosTable(report));
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${relative(process.cwd(), reportPath)}`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  },
);
