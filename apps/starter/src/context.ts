import type { HandledLedgerReader } from '@org/orchestrator-activities/ledger';
import type { AsyncCompatible } from '@org/orchestrator-activities/database';
import type { TemporalConfig, ThreadClient } from '@org/orchestrator-contracts/client';

/** Where the CLI writes and reads; swapped for buffers in tests. */
export interface CliIo {
  /** Writes one line (or block) to stdout. */
  out(text: string): void;
  /** Writes one line (or block) to stderr. */
  err(text: string): void;
  /** Reads all of stdin (for `deliver --file -`, `reply`). */
  readStdin(): Promise<string>;
  /** Whether stdin is a terminal (nothing piped), so commands can ask for input instead of blocking. */
  stdinIsInteractive?(): boolean;
}

/** An open connection to Temporal and the settings it was made with. */
export interface TemporalSession {
  client: ThreadClient;
  config: TemporalConfig;
  close(): Promise<void>;
}

/** What the CLI needs from the outside world. Tests inject stubs for each. */
export interface CliDeps {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Opens a Temporal session; called at most once per run, and only by commands that need it. */
  connect(): Promise<TemporalSession>;
  /** Opens the workers' handled-message ledger (a SQLite file, or their PostgreSQL database) read-only, for `messages`. */
  openLedger?: (location: string) => Promise<AsyncCompatible<HandledLedgerReader>>;
  now?: () => Date;
  /** A fresh unique id (a UUID) for generated Message-IDs. */
  newId?: () => string;
  sleep?: (ms: number) => Promise<void>;
}

/** What a command runs with. */
export interface CommandContext {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Connects on first use, so usage errors and invalid input never need a server. */
  connect(): Promise<TemporalSession>;
  openLedger(location: string): Promise<AsyncCompatible<HandledLedgerReader>>;
  now(): Date;
  newId(): string;
  sleep(ms: number): Promise<void>;
}

/** One CLI command: `run` parses its own arguments (throwing `UsageError`) and does the work. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text of the command. */
  help: string;
  run(argv: string[], context: CommandContext): Promise<void>;
}
