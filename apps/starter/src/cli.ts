import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHandledLedgerReader, openPostgresHandledLedgerReader } from '@org/orchestrator-activities/ledger';
import { InvalidPayloadError, threadIdFromWorkflowId } from '@org/orchestrator-contracts';
import { EncryptionKeyError, PayloadDecryptionError, TemporalConfigError } from '@org/orchestrator-contracts/client';
import { EmailParseError } from '@org/orchestrator-email';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { completeCommand } from './commands/complete';
import { seedCommand } from './commands/database';
import { migrateCommand } from './commands/migrate';
import { knowledgeBaseCommand } from './commands/knowledge-base';
import { approveCommand, rejectCommand } from './commands/decide';
import { deliverCommand } from './commands/deliver';
import { demoCommand } from './commands/demo';
import { listCommand } from './commands/list';
import { messagesCommand } from './commands/messages';
import { replyCommand } from './commands/reply';
import { retryCommand } from './commands/retry';
import { stateCommand } from './commands/state';
import type { CliDeps, CliIo, Command, CommandContext, TemporalSession } from './context';
import type { ExitCode } from './errors';
import { CliError, EXIT, RefusedError, TemporalUnavailableError, UsageError } from './errors';
import { isAlreadyCompleted, isTemporalUnavailable } from './temporal-errors';
import { sleep } from './wait';

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  deliverCommand,
  completeCommand,
  stateCommand,
  messagesCommand,
  listCommand,
  approveCommand,
  rejectCommand,
  replyCommand,
  retryCommand,
  demoCommand,
  migrateCommand,
  seedCommand,
  knowledgeBaseCommand,
];

/** The main help text. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: orchestrator <command> [options]

Delivers emails to Agent Orchestrator thread workflows on Temporal and inspects them.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  --json       machine-readable output (every command)
  -h, --help   help; "orchestrator <command> --help" for a command
  -V, --version  the CLI's version

Environment:
  ORCHESTRATOR_DB_PATH  the workers' store, read by "messages" and "migrate" (default .data/orchestrator.sqlite;
                        its folder is the data folder; "migrate --help" names the other files)
  DATABASE_URL          the workers' PostgreSQL database (postgres://…), for "migrate", "seed", "kb" (and "messages")
  KNOWLEDGE_BASE_DIR    the articles "seed" loads (default: the sample articles)
  TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE   a Temporal client profile (TOML), as the temporal CLI reads it
  TEMPORAL_ADDRESS      host:port of the Temporal frontend (default localhost:7233)
  TEMPORAL_NAMESPACE    namespace (default "default")
  TEMPORAL_TASK_QUEUE   task queue of the workers (default agent-orchestrator)
  TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME   TLS and Temporal Cloud
  TEMPORAL_UI_URL       Web UI address for links (default http://localhost:8233)
  ORCHESTRATOR_ENCRYPTION_KEYS   the worker's payload keys (keyId:base64key,...), when it encrypts

Exit codes: 0 done, 1 failed (Temporal unreachable, thread not found, timeout), 2 invalid usage or input,
3 refused by the thread (approve, reject, reply, retry: unknown approver or agent, nothing pending).`;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and resolves with the exit code.
 * Never throws: every error is reported on stderr.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<ExitCode> {
  const { io } = deps;
  let session: Promise<TemporalSession> | undefined;
  const context: CommandContext = {
    io,
    env: deps.env,
    connect: () => (session ??= deps.connect()),
    openLedger: deps.openLedger ?? openLedgerFile,
    now: deps.now ?? (() => new Date()),
    newId: deps.newId ?? (() => randomUUID()),
    sleep: deps.sleep ?? sleep,
  };

  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (name === undefined) throw new UsageError('missing command');
    if (name === '--version' || name === '-V') {
      io.out(cliVersion());
      return EXIT.ok;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      const topic = COMMANDS.find((c) => c.name === rest[0]);
      io.out(topic ? topic.help : mainHelp());
      return EXIT.ok;
    }
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    if (wantsHelp(rest)) {
      io.out(command.help);
      return EXIT.ok;
    }
    await command.run(rest, context);
    return EXIT.ok;
  } catch (error) {
    return report(error, io, session);
  } finally {
    if (session) await session.then((s) => s.close()).catch(() => undefined);
  }
}

/** Opens the workers' ledger read-only: their PostgreSQL database (a `postgres://` URL) or their SQLite file. */
async function openLedgerFile(location: string) {
  return /^postgres(ql)?:\/\//i.test(location) ? openPostgresHandledLedgerReader(location) : openHandledLedgerReader(location);
}

/** The version in this package's manifest (one folder up from both `src/` and `dist/`). */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** `--help` / `-h` anywhere before a `--` terminator. */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

async function report(error: unknown, io: CliIo, session: Promise<TemporalSession> | undefined): Promise<ExitCode> {
  if (error instanceof UsageError) {
    const command = COMMANDS.find((c) => c.name === error.command);
    io.err(`error: ${error.message}\n\n${command ? command.help : mainHelp()}`);
    return EXIT.usage;
  }
  if (error instanceof InvalidPayloadError) {
    const what = error.payloadType === 'email message' ? 'email' : error.payloadType;
    io.err(error.issues.map((issue) => `invalid ${what}: ${issue.path || '(root)'}: ${issue.message}`).join('\n'));
    return EXIT.usage;
  }
  if (error instanceof EmailParseError) {
    const lines = error.issues.length
      ? error.issues.map((issue) => `invalid email: ${issue.path || '(root)'}: ${issue.message}`)
      : [`invalid email: ${error.message} (${error.reason})`];
    io.err(lines.join('\n'));
    return EXIT.usage;
  }
  if (error instanceof TemporalConfigError || error instanceof EncryptionKeyError) {
    io.err(`configuration error: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof PayloadDecryptionError) {
    io.err(`error: ${error.message}; set ORCHESTRATOR_ENCRYPTION_KEYS to the keys the worker uses.`);
    return EXIT.failure;
  }
  if (error instanceof RefusedError || error instanceof WorkflowUpdateFailedError) {
    // Commands turn refusals into RefusedErrors; a bare WorkflowUpdateFailedError means the same.
    io.err(`refused: ${error instanceof RefusedError ? error.message : (error.cause?.message ?? error.message)}`);
    return EXIT.refused;
  }
  if (error instanceof CliError) {
    io.err(`error: ${error.message}`);
    return error.exitCode;
  }
  if (isAlreadyCompleted(error)) {
    const threadId = threadIdFromWorkflowId((error as WorkflowNotFoundError).workflowId) ?? '<threadId>';
    io.err(`error: thread ${threadId} has already completed; see its final state with "orchestrator state '${threadId}'".`);
    return EXIT.failure;
  }
  if (error instanceof WorkflowNotFoundError) {
    io.err(`error: ${error.message}\nList threads with "orchestrator list"; thread ids are Message-IDs in angle brackets, e.g. '<id@host>'.`);
    return EXIT.failure;
  }
  if (isTemporalUnavailable(error)) {
    const config = await session?.then((s) => s.config).catch(() => undefined);
    const unavailable = new TemporalUnavailableError(config?.address ?? '(unknown)', config?.namespace ?? '(unknown)', error);
    io.err(`error: ${unavailable.message}`);
    return EXIT.failure;
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failure;
}
