import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { BlobCorruptError, BlobNotFoundError, InvalidBlobIdError, blobStoreFromUrl, createS3BlobStore } from '../index';
import { bigStream, digestOf } from './support/bytes';
import type { MotoServer } from '@org/orchestrator-testing';
import { startMoto } from '@org/orchestrator-testing';

// Against a real S3-compatible server: moto (PyPI), installed into <workspace>/.tools on first use.
describe(createS3BlobStore, () => {
  let moto: MotoServer;
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const options = () => ({ bucket: 'blobs', prefix: 'orchestrator/', endpoint: moto.endpoint, credentials });

  beforeAll(async () => {
    moto = await startMoto();
    const client = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'blobs' }));
    client.destroy();
  }, 360_000);
  afterAll(() => moto?.stop());

  it('stores a buffer once and reads it back', async () => {
    const store = createS3BlobStore(options());
    const bytes = Buffer.from('hello blob');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(store.kind).toBe('s3');
    await expect(store.put(bytes, { contentType: 'text/plain' })).resolves.toEqual({ id: `sha256:${sha256}`, size: 10, sha256 });
    await expect(store.put(bytes)).resolves.toMatchObject({ sha256 });
    await expect(store.has(`sha256:${sha256}`)).resolves.toBe(true);
    expect((await store.get(`sha256:${sha256}`)).toString()).toBe('hello blob');
  });

  it('uploads a 25 MB stream in parts and streams it back', async () => {
    const store = createS3BlobStore(options());
    const size = 25 * 1024 * 1024;
    const { stream, sha256 } = bigStream(size, 's3');
    const ref = await store.put(stream);
    expect(ref).toEqual({ id: `sha256:${sha256}`, size, sha256 });
    await expect(digestOf(await store.open(ref.id))).resolves.toEqual({ sha256, size });
  }, 120_000);

  it('reports missing and malformed ids with typed errors', async () => {
    const store = createS3BlobStore(options());
    const missing = `sha256:${'1'.repeat(64)}`;
    await expect(store.has(missing)).resolves.toBe(false);
    await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.open('sha256:../../other-bucket/key')).rejects.toBeInstanceOf(InvalidBlobIdError);
  });

  it('reports an object whose bytes do not match its id as BlobCorruptError, and re-uploads a wrong-sized one', async () => {
    const store = createS3BlobStore(options());
    const bytes = Buffer.from('the real bytes');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const client = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials });
    const Key = `orchestrator/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    await client.send(new PutObjectCommand({ Bucket: 'blobs', Key, Body: Buffer.from('the real') }));
    await expect(store.get(`sha256:${sha256}`)).rejects.toBeInstanceOf(BlobCorruptError);
    await expect(digestOf(await store.open(`sha256:${sha256}`))).rejects.toMatchObject({ name: 'BlobCorruptError', found: { size: 8 } });
    await store.put(bytes);
    await expect(store.get(`sha256:${sha256}`)).resolves.toEqual(bytes);
    client.destroy();
  });

  it('is configured from an s3:// URL and the endpoint', async () => {
    const store = blobStoreFromUrl('s3://blobs/from-env', {
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const ref = await store.put(Buffer.from('via env'));
    expect((await store.get(ref.id)).toString()).toBe('via env');
  });
});
