/** No blob with this id is stored. */
export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';

  constructor(
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`blob not found: ${id}`, options);
  }
}

/** A blob id that is not `sha256:<64 lowercase hex>`; never used to build a path or key. */
export class InvalidBlobIdError extends Error {
  override readonly name = 'InvalidBlobIdError';

  constructor(readonly id: string) {
    super(`invalid blob id ${JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id)}: expected "sha256:<64 lowercase hex digits>"`);
  }
}

/** The blob store configuration (e.g. `BLOB_STORE_URL`) cannot be used. */
export class BlobStoreConfigError extends Error {
  override readonly name = 'BlobStoreConfigError';
}

/**
 * A stored blob's bytes do not match its id (a file truncated by a crash, a flipped bit): never
 * handed out as if they were the blob. `put` of the same bytes repairs it.
 */
export class BlobCorruptError extends Error {
  override readonly name = 'BlobCorruptError';

  constructor(
    readonly id: string,
    /** What was read: its size and SHA-256. */
    readonly found: { size: number; sha256: string },
  ) {
    super(`blob ${id} is corrupt: read ${found.size} bytes hashing to sha256:${found.sha256}`);
  }
}
