#!/usr/bin/env node
/**
 * `orchestrator`: the command-line ingress of Agent Orchestrator. Wires argv, the process and a
 * Temporal connection into {@link runCli}; everything else lives in the commands.
 * @module
 */
import { runCli } from './cli';
import { connectFromEnv } from './temporal';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

void runCli(process.argv.slice(2), {
  io: {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readStdin,
    stdinIsInteractive: () => process.stdin.isTTY === true,
  },
  env: process.env,
  connect: () => connectFromEnv(process.env),
}).then((code) => {
  // exitCode rather than exit(): lets piped stdout flush before the process ends.
  process.exitCode = code;
});
