import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobNotFoundError, InvalidBlobIdError, blobStoreFromEnv, createDirectoryBlobStore } from '../index';
import { bigStream, digestOf } from './support/bytes';

describe(createDirectoryBlobStore, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'blobs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a 25 MB stream without buffering it, fanned out by hash prefix', async () => {
    const store = createDirectoryBlobStore(dir);
    const size = 25 * 1024 * 1024;
    const { stream, sha256 } = bigStream(size);
    const ref = await store.put(stream);
    expect(ref).toEqual({ id: `sha256:${sha256}`, size, sha256 });
    expect(readdirSync(path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4)))).toEqual([sha256]);
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
    await expect(digestOf(await store.open(ref.id))).resolves.toEqual({ sha256, size });
    await expect(store.has(ref.id)).resolves.toBe(true);
  }, 60_000);

  it('stores the same bytes once, whether given as a buffer or a stream', async () => {
    const store = createDirectoryBlobStore(dir);
    const bytes = Buffer.from('item,qty\nchair,12\n');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await store.put(bytes, { contentType: 'text/csv' });
    const second = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    const third = await store.put(bytes);
    expect(first).toEqual({ id: `sha256:${sha256}`, size: bytes.length, sha256 });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await store.get(first.id)).toEqual(bytes);
    expect(readdirSync(path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4)))).toEqual([sha256]);
  });

  it('stores an empty blob', async () => {
    const store = createDirectoryBlobStore(dir);
    const ref = await store.put(Buffer.alloc(0));
    expect(ref.size).toBe(0);
    expect(await store.get(ref.id)).toEqual(Buffer.alloc(0));
  });

  it('reports a missing blob with BlobNotFoundError', async () => {
    const store = createDirectoryBlobStore(dir);
    const id = `sha256:${'0'.repeat(64)}`;
    await expect(store.has(id)).resolves.toBe(false);
    await expect(store.get(id)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.open(id)).rejects.toMatchObject({ name: 'BlobNotFoundError', id });
  });

  it.each([
    '../../etc/passwd',
    `sha256:../../${'a'.repeat(58)}`,
    `sha256:${'A'.repeat(64)}`,
    `sha256:${'a'.repeat(63)}`,
    `sha256:${'a'.repeat(64)}/../x`,
    `md5:${'a'.repeat(32)}`,
    '',
  ])('refuses the id %j before touching the disk', async (id) => {
    // A file the traversal would reach if ids were used as paths.
    writeFileSync(path.join(dir, 'secret'), 'secret');
    const store = createDirectoryBlobStore(path.join(dir, 'store'));
    await expect(store.get(id)).rejects.toBeInstanceOf(InvalidBlobIdError);
    await expect(store.open(id)).rejects.toBeInstanceOf(InvalidBlobIdError);
    await expect(store.has(id)).rejects.toThrow(/invalid blob id/);
  });

  it('leaves no temp file behind when the source stream fails', async () => {
    const store = createDirectoryBlobStore(dir);
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('source broke');
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
  });
});

describe(blobStoreFromEnv, () => {
  it('picks a directory for paths and file URLs, S3 for s3:// URLs', () => {
    expect(blobStoreFromEnv({}).kind).toBe('directory');
    expect(blobStoreFromEnv({ BLOB_STORE_URL: '/tmp/blobs' }).kind).toBe('directory');
    expect(blobStoreFromEnv({ BLOB_STORE_URL: 'file:///tmp/blobs' }).kind).toBe('directory');
    expect(blobStoreFromEnv({ BLOB_STORE_URL: 's3://bucket/prefix', S3_ENDPOINT: 'http://127.0.0.1:1' }).kind).toBe('s3');
  });

  it('refuses unknown schemes and bucketless S3 URLs', () => {
    expect(() => blobStoreFromEnv({ BLOB_STORE_URL: 'ftp://x/y' })).toThrow(/unsupported scheme/);
    expect(() => blobStoreFromEnv({ BLOB_STORE_URL: 's3:///prefix' })).toThrow(/names no bucket/);
  });
});
