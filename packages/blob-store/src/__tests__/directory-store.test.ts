import { createHash } from 'node:crypto';
import { promises as fsp, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobCorruptError, BlobNotFoundError, InvalidBlobIdError, blobStoreFromUrl, createDirectoryBlobStore } from '../index';
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

describe('createDirectoryBlobStore durability and integrity', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'blobs-'))));
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const bytes = Buffer.from('item,qty\nchair,12\ntable,2\n');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileOf = () => path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  /** A crash after the rename but before the data reached the disk: the file is there, half empty. */
  const truncate = () => truncateSync(fileOf(), 5);
  /** A flipped byte: same size, wrong bytes. */
  const flip = () => {
    const damaged = Buffer.from(bytes);
    damaged[0] = damaged[0]! ^ 0xff;
    writeFileSync(fileOf(), damaged);
  };

  it('fsyncs the blob file, its directory and new fan-out directories before put resolves', async () => {
    const synced: string[] = [];
    const open = fsp.open.bind(fsp);
    jest.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        synced.push(path.relative(dir, String(args[0])));
        return sync();
      };
      return handle;
    });
    const store = createDirectoryBlobStore(dir);
    await store.put(bytes);
    const [ab, cd] = [sha256.slice(0, 2), sha256.slice(2, 4)];
    expect(synced).toEqual([expect.stringMatching(/^\.tmp\//), path.join(ab), '', path.join(ab, cd)]);
  });

  it.each([
    ['truncated', truncate],
    ['flipped', flip],
  ])('rewrites a %s blob on the next put of the same bytes, buffer or stream', async (_how, damage) => {
    const store = createDirectoryBlobStore(dir);
    const ref = await store.put(bytes);
    damage();
    await expect(store.put(bytes)).resolves.toEqual(ref);
    expect(readFileSync(fileOf())).toEqual(bytes);
    damage();
    await expect(store.put(Readable.from([bytes]))).resolves.toEqual(ref);
    expect(readFileSync(fileOf())).toEqual(bytes);
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
  });

  it.each([
    ['truncated', truncate, 5],
    ['flipped', flip, bytes.length],
  ])('reports a %s blob as BlobCorruptError from get and from the stream of open', async (_how, damage, size) => {
    const store = createDirectoryBlobStore(dir);
    const ref = await store.put(bytes);
    damage();
    const error = await store.get(ref.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobCorruptError);
    expect(error).toMatchObject({ id: ref.id, found: { size } });
    await expect(digestOf(await store.open(ref.id))).rejects.toBeInstanceOf(BlobCorruptError);
  });

  it('streams a sound blob through open without complaint', async () => {
    const store = createDirectoryBlobStore(dir);
    const ref = await store.put(bytes);
    await expect(digestOf(await store.open(ref.id))).resolves.toEqual({ sha256, size: bytes.length });
  });
});

describe(blobStoreFromUrl, () => {
  it('picks a directory for paths and file URLs, S3 for s3:// URLs', () => {
    expect(blobStoreFromUrl(undefined).kind).toBe('directory');
    expect(blobStoreFromUrl('/tmp/blobs').kind).toBe('directory');
    expect(blobStoreFromUrl('file:///tmp/blobs').kind).toBe('directory');
    expect(blobStoreFromUrl('s3://bucket/prefix', { endpoint: 'http://127.0.0.1:1' }).kind).toBe('s3');
  });

  it('refuses unknown schemes and bucketless S3 URLs', () => {
    expect(() => blobStoreFromUrl('ftp://x/y')).toThrow(/unsupported scheme/);
    expect(() => blobStoreFromUrl('s3:///prefix')).toThrow(/names no bucket/);
  });
});
