/** Fields of one log event: plain JSON values (ids, counts, reasons), never message bodies. */
export type LogFields = Record<string, unknown>;

/**
 * Structured logging for ingress: an event name (`smtp.delivered`, `imap.reconnect`, …) and fields.
 * Any logger with these methods fits (pino's and bunyan's `(fields, msg)` order differs: wrap them).
 */
export interface IngressLogger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/**
 * A logger that writes one JSON object per line: `{"time","level","event",...fields}`.
 * Errors in fields are written as `{ name, message, code? }`.
 * @example
 * const logger = jsonLogger({ stream: process.stdout, level: 'info' });
 * logger.info('smtp.listening', { port: 2525 });
 */
export function jsonLogger(options: { stream?: NodeJS.WritableStream; level?: Level } = {}): IngressLogger {
  const stream = options.stream ?? process.stderr;
  const min = LEVELS.indexOf(options.level ?? 'info');
  const write =
    (level: Level) =>
    (event: string, fields: LogFields = {}) => {
      if (LEVELS.indexOf(level) < min) return;
      const entry = { time: new Date().toISOString(), level, event, ...serializeFields(fields) };
      stream.write(`${JSON.stringify(entry)}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that drops everything. */
export const silentLogger: IngressLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

function ignore(): void {
  // dropped on purpose
}

function serializeFields(fields: LogFields): LogFields {
  const result: LogFields = {};
  for (const [key, value] of Object.entries(fields)) result[key] = value instanceof Error ? describeError(value) : value;
  return result;
}

/** `{ name, message, code? }` of an error, for logs. */
export function describeError(error: unknown): { name: string; message: string; code?: unknown } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return code === undefined ? { name: error.name, message: error.message } : { name: error.name, message: error.message, code };
}
