import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, EXIT } from '../errors';

const DAY_MS = 86_400_000;

/**
 * Reads the email bodies a scripted demo sends (`<dir>/<name>.txt`), before anything is sent.
 * @throws {CliError} (exit 2) naming a missing or unreadable file.
 */
export async function readSampleTexts<const N extends string>(dir: string, names: readonly N[]): Promise<Record<N, string>> {
  const entries = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, `${name}.txt`);
      try {
        return [name, (await readFile(path, 'utf8')).trim()] as const;
      } catch (error) {
        throw new CliError(`cannot read sample text ${path}: ${(error as Error).message}`, EXIT.usage, { cause: error });
      }
    }),
  );
  return Object.fromEntries(entries) as Record<N, string>;
}

/**
 * Fills the date placeholders of a sample text relative to `now`: `{neededBy}` is 60 days ahead,
 * `{validUntil}` 90 days ahead (ISO dates), so a request and its quotes are never stale.
 */
export function dated(text: string, now: Date): string {
  const day = (n: number) => new Date(now.getTime() + n * DAY_MS).toISOString().slice(0, 10);
  return text.replaceAll('{neededBy}', day(60)).replaceAll('{validUntil}', day(90));
}
