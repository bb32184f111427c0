import { OrchestratorError } from '@org/orchestrator-contracts';

/** Exit codes of the CLI: scripts can tell bad input (nothing was sent) from a failed run. */
export const EXIT = {
  ok: 0,
  /** Something failed at run time: Temporal unreachable, a thread not found, a timeout. */
  failure: 1,
  /** Invalid usage or input; nothing was sent. */
  usage: 2,
  /** The thread refused the request (an approval or agent reply it does not accept); nothing changed. */
  refused: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one clean line (no stack) and exits with `exitCode`. */
export class CliError extends OrchestratorError {
  override readonly name: string = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
    options?: { cause?: unknown },
    code = 'CliFailed',
  ) {
    super(code, message, options);
  }
}

/** Wrong flags or arguments: reported with the command's help text, exit 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The command whose help to show; the main help when undefined. */
    readonly command?: string,
  ) {
    super(message, EXIT.usage, undefined, 'CliUsage');
  }
}

/**
 * The thread refused an update: an unknown approver, nothing pending, an invalid reply, or the
 * thread has completed. Reported as `refused: <reason>`, exit 3; the thread is unchanged.
 */
export class RefusedError extends CliError {
  override readonly name = 'RefusedError';

  constructor(
    message: string,
    /** The workflow's failure type, e.g. `UnknownApprover`, when it gave one. */
    readonly type?: string,
    options?: { cause?: unknown },
  ) {
    super(message, EXIT.refused, options, 'Refused');
  }
}

/** The Temporal frontend could not be reached (or refused the connection). */
export class TemporalUnavailableError extends CliError {
  override readonly name = 'TemporalUnavailableError';

  constructor(
    readonly address: string,
    readonly namespace: string,
    cause: unknown,
  ) {
    super(
      `cannot reach Temporal at ${address} (namespace ${namespace}): ${cause instanceof Error ? cause.message : String(cause)}\n` +
        'Is the server running? Start a local one with `npm run temporal:start`, or set TEMPORAL_ADDRESS.',
      EXIT.failure,
      { cause },
      'TemporalUnavailable',
    );
  }
}
