#!/usr/bin/env node
/**
 * `npm run bench -- [--pipelines support,procurement] [--emails N] [--concurrency N] [--activities K]
 * [--requests N] [--request-concurrency N] [--threads N] [--quick] [--out FILE]`: the raw-SDK baselines and the
 * orchestrator's support and procurement flows, and the memory each open thread holds, on one dev server in one run; prints the tables and
 * writes the figures as JSON (default `reports/bench.json` in the workspace). Needs the deployed
 * worker built (`npx nx run worker:build`).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@org/temporal-toolchain';
import { BENCH_FLOWS, formatBenchReport, parseBenchFlows, runBench } from '../bench';

const { values } = parseArgs({
  options: {
    emails: { type: 'string' },
    concurrency: { type: 'string' },
    activities: { type: 'string', default: '6' },
    pipelines: { type: 'string', default: BENCH_FLOWS.join(',') },
    requests: { type: 'string' },
    'request-concurrency': { type: 'string' },
    threads: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const number = (name: string, raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0, got ${raw}`);
  return value;
};

async function main(): Promise<void> {
  const out = path.resolve(values.out ?? path.join(findWorkspaceRoot(), 'reports', 'bench.json'));
  const report = await runBench({
    emails: number('emails', values.emails ?? (values.quick ? '10' : '200')),
    concurrency: number('concurrency', values.concurrency ?? (values.quick ? '5' : '20')),
    activities: number('activities', values.activities as string),
    pipelines: parseBenchFlows(values.pipelines as string),
    requests: number('requests', values.requests ?? (values.quick ? '4' : '50')),
    requestConcurrency: number('request-concurrency', values['request-concurrency'] ?? (values.quick ? '2' : '10')),
    threads: number('threads', values.threads ?? (values.quick ? '20' : '1000')),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatBenchReport(report)}\n`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), ...report }, null, 2)}\n`,
  );
  process.stderr.write(`bench: report written to ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
