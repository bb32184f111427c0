import type { BlobStore } from '@org/orchestrator-blob-store';
import { OrchestratorError } from '@org/orchestrator-contracts';

/**
 * A blob store failure met while parsing or fitting a message: transient (the store is down or
 * full), unlike the code around it failing on the message's bytes, which fails the same way on
 * every retry.
 */
export class BlobStoreFailure extends OrchestratorError {
  override readonly name = 'BlobStoreFailure';
  constructor(message: string, options?: { cause?: unknown }) {
    super('BlobStoreFailure', message, options);
  }
}

/** `store`, with the failures of `put` wrapped in {@link BlobStoreFailure}, so they can be told apart. */
export function markingFailures(store: BlobStore): BlobStore {
  return {
    kind: store.kind,
    put: (data, meta) =>
      store.put(data, meta).catch((error: unknown) => {
        throw new BlobStoreFailure((error as Error).message, { cause: error });
      }),
    get: (id) => store.get(id),
    open: (id) => store.open(id),
    has: (id) => store.has(id),
  };
}

/** V8 could not allocate memory: the process is short of it now, not the message wrong for good. */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof RangeError && /allocation failed|out of memory/i.test(error.message);
}
