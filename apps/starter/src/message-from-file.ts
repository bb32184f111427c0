import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidPayloadError } from '@org/orchestrator-contracts';
import { parseRawEmail } from '@org/orchestrator-email';
import { CliError, EXIT, UsageError } from './errors';

/**
 * Reads the message of `deliver --file`: a JSON `EmailMessageInput` (`.json`, or `-` for stdin)
 * or a raw email (`.eml`, parsed with `parseRawEmail`). The result is validated on delivery.
 * @throws {UsageError} for another extension; {@link CliError} (exit 2) for an unreadable file;
 *   {@link InvalidPayloadError} for invalid JSON; `EmailParseError` for an unparseable `.eml`.
 */
export async function messageFromFile(path: string, readStdin: () => Promise<string>): Promise<unknown> {
  if (path === '-') return parseJson(await readStdin(), 'stdin');
  const extension = extname(path).toLowerCase();
  if (extension !== '.json' && extension !== '.eml') {
    throw new UsageError(`--file must be a .json or .eml file, or - for JSON on stdin (got ${path})`, 'deliver');
  }
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, EXIT.usage, { cause: error });
  }
  return extension === '.eml' ? parseRawEmail(content) : parseJson(content.toString('utf8'), path);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Reported like a schema failure: "invalid email: (root): <source> is not valid JSON …".
    throw new InvalidPayloadError('email message', [{ path: '', message: `${source} is not valid JSON (${(error as Error).message})` }]);
  }
}
