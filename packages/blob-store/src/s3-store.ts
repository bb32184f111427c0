import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { BlobRef, BlobStore } from './blob-store';
import { blobDigest } from './blob-id';
import { verifyingStream } from './blob-integrity';
import { BlobNotFoundError } from './errors';
import { refOf, streamToFile } from './hashing';

/** Options of {@link createS3BlobStore}. */
export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, e.g. `orchestrator/blobs`. */
  prefix?: string;
  /** For S3-compatible servers (MinIO, moto, Ceph …), e.g. `http://127.0.0.1:9000`. */
  endpoint?: string;
  /** Defaults to `us-east-1`. */
  region?: string;
  /** Path-style URLs (`host/bucket/key`); defaults to `true` when `endpoint` is set. */
  forcePathStyle?: boolean;
  /** Static credentials; otherwise the AWS SDK's default chain (env, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Objects at least this big are uploaded in parts of this size. Default 8 MiB (S3's minimum part is 5 MiB). */
  partSize?: number;
  /** Where a stream is spooled while it is hashed, before upload. Defaults to the OS temp dir. */
  spoolDir?: string;
  /** A ready client (tests, custom middleware); the connection options above are then ignored. */
  client?: S3Client;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * A blob store in an S3 bucket (or any S3-compatible server). Keys are `<prefix>/ab/cd/<sha256>`.
 *
 * A stream is first spooled to a temp file while its SHA-256 is computed (the key is the hash, so
 * it must be known before the upload), then uploaded in parts of `partSize`, one part in memory at
 * a time. An object already present with the right size is not uploaded again; reads check the
 * SHA-256 (`get` throws, `open`'s stream fails at its end with `BlobCorruptError`).
 * @example
 * const blobs = createS3BlobStore({ bucket: 'mail', prefix: 'blobs', endpoint: 'http://127.0.0.1:9000' });
 * const ref = await blobs.put(Buffer.from('hello'));
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket } = options;
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const partSize = Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE);
  const client = options.client ?? new S3Client(clientConfig(options));
  const keyOf = (digest: string) => [prefix, digest.slice(0, 2), digest.slice(2, 4), digest].filter(Boolean).join('/');

  /** The object's size, or undefined when there is none. */
  async function storedSize(key: string): Promise<number | undefined> {
    try {
      const { ContentLength } = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  const exists = async (key: string) => (await storedSize(key)) !== undefined;
  /** An object is reused only if its size is right (cheap, from HEAD); reads verify the hash. */
  const holds = async (ref: BlobRef) => (await storedSize(keyOf(ref.sha256))) === ref.size;

  async function uploadFile(file: string, ref: BlobRef, contentType: string | undefined): Promise<void> {
    const key = keyOf(ref.sha256);
    if (ref.size < partSize) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await fs.readFile(file), ContentType: contentType, ContentLength: ref.size }));
      return;
    }
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
    if (!UploadId) throw new Error(`S3 did not return an UploadId for ${key}`);
    try {
      const parts: { ETag?: string; PartNumber: number }[] = [];
      const handle = await fs.open(file, 'r');
      try {
        for (let offset = 0, number = 1; offset < ref.size; offset += partSize, number++) {
          const length = Math.min(partSize, ref.size - offset);
          const body = Buffer.alloc(length);
          await handle.read(body, 0, length, offset);
          const { ETag } = await client.send(
            new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: number, Body: body, ContentLength: length }),
          );
          parts.push({ ETag, PartNumber: number });
        }
      } finally {
        await handle.close();
      }
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  /** The object's bytes, failing at the end with `BlobCorruptError` unless they hash to the id. */
  async function open(id: string): Promise<Readable> {
    const digest = blobDigest(id);
    const key = keyOf(digest);
    try {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!Body) throw new BlobNotFoundError(id);
      const body = Body instanceof Readable ? Body : Readable.fromWeb((Body as { transformToWebStream(): ReadableStream }).transformToWebStream() as never);
      return pipeline(body, verifyingStream(id, digest), () => undefined);
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(id, { cause: error });
      throw error;
    }
  }

  return {
    kind: 's3',

    async put(data, meta) {
      if (Buffer.isBuffer(data)) {
        const ref = refOf(data);
        const key = keyOf(ref.sha256);
        if (await holds(ref)) return ref;
        if (data.length < partSize) {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ContentType: meta?.contentType }));
          return ref;
        }
      }
      const spoolDir = options.spoolDir ?? tmpdir();
      const spool = path.join(spoolDir, `blob-${process.pid}-${randomBytes(8).toString('hex')}`);
      try {
        const ref = await streamToFile(Buffer.isBuffer(data) ? Readable.from([data]) : data, spool);
        if (!(await holds(ref))) await uploadFile(spool, ref, meta?.contentType);
        return ref;
      } finally {
        await fs.rm(spool, { force: true });
      }
    },

    async get(id) {
      const chunks: Buffer[] = [];
      for await (const chunk of await open(id)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    open,

    async has(id) {
      return exists(keyOf(blobDigest(id)));
    },
  };
}

function clientConfig(options: S3BlobStoreOptions): S3ClientConfig {
  return {
    region: options.region ?? 'us-east-1',
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    credentials: options.credentials,
    // S3-compatible servers do not all understand the newer default integrity checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
