#!/usr/bin/env node
/**
 * `npm run burst -- [--messages N] [--concurrency N] [--suggest-can EVENTS] [--redeliver-every N] [--out FILE]`:
 * a burst of messages to one thread on an in-memory dev server; prints the figures and writes them
 * as JSON (default `reports/burst.json` in the workspace).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@org/temporal-toolchain';
import { formatBurstReport, runBurst } from '../burst';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
    'suggest-can': { type: 'string', default: '1000' },
    'redeliver-every': { type: 'string', default: '50' },
    out: { type: 'string' },
  },
});

const number = (name: string, raw: string | undefined): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
};

async function main(): Promise<void> {
  const out = path.resolve(values.out ?? path.join(findWorkspaceRoot(), 'reports', 'burst.json'));
  const report = await runBurst({
    messages: number('messages', values.messages),
    concurrency: number('concurrency', values.concurrency),
    suggestContinueAsNewEvents: number('suggest-can', values['suggest-can']),
    redeliverEvery: number('redeliver-every', values['redeliver-every']),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatBurstReport(report)}\n`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), command: `npm run burst -- ${process.argv.slice(2).join(' ')}`.trim(), ...report }, null, 2)}\n`,
  );
  process.stderr.write(`burst: report written to ${out}\n`);
  const ok =
    report.lost === 0 &&
    report.duplicated === 0 &&
    report.maxEventsPerRun < 4096 &&
    report.maxCarriedBytes < 256 * 1024 &&
    report.maxQueryBytes < 256 * 1024 &&
    report.query.failures === 0;
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
