import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * A task queue name no other test (or parallel jest worker) uses, e.g. `greet-3-9f2c1a`,
 * so workers of different tests never steal each other's tasks on a shared server.
 */
export function uniqueTaskQueue(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}
