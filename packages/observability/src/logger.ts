import type { Logger as PinoLogger, LoggerOptions } from 'pino';
import { pino } from 'pino';

/** The logger {@link createJsonLogger} returns (pino's). */
export type JsonLogger = PinoLogger;

/** Levels as Temporal's runtime logger names them. */
export type RuntimeLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * A JSON logger (pino): one object per line with `level` (label), `time` (ISO), `name` (the process)
 * and `msg`. `destination` defaults to stdout.
 * @example
 * const log = createJsonLogger({ name: 'worker', level: 'info' });
 * log.info({ taskQueue }, 'worker polling');
 */
export function createJsonLogger(options: { name: string; level?: string; destination?: NodeJS.WritableStream }): PinoLogger {
  const settings: LoggerOptions = {
    name: options.name,
    level: options.level?.toLowerCase() ?? 'info',
    base: { name: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** The shape of Temporal's `Logger` (`@temporalio/common`), so this package needs no SDK. */
export interface RuntimeLogger {
  log(level: RuntimeLogLevel, message: string, meta?: Record<string, unknown>): void;
  trace(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * Forwards the Temporal runtime's log (`Runtime.install({ logger })`: the worker's, the SDK core's
 * and workflow/activity `log` calls) into `log`, so a process writes one JSON stream.
 */
export function runtimeLoggerFor(log: PinoLogger): RuntimeLogger {
  const forward = (level: RuntimeLogLevel, message: string, meta?: Record<string, unknown>) => {
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    // The SDK passes errors in meta; pino serializes them under `err` only.
    const { error, ...rest } = meta ?? {};
    log[method]({ ...rest, ...(error !== undefined ? { err: error } : {}) }, message);
  };
  return {
    log: forward,
    trace: (m, meta) => forward('TRACE', m, meta),
    debug: (m, meta) => forward('DEBUG', m, meta),
    info: (m, meta) => forward('INFO', m, meta),
    warn: (m, meta) => forward('WARN', m, meta),
    error: (m, meta) => forward('ERROR', m, meta),
  };
}
