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
