import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { composeReply, parseRawEmail, renderMimeStream } from '../index';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('a 25 MB attachment', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'large-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is rendered from one blob store and parsed into another as the same blob, with a small message', async () => {
    const size = 25 * 1024 * 1024;
    const block = Buffer.alloc(1024 * 1024, 0);
    for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 17) % 256;
    const outgoing = createDirectoryBlobStore(path.join(dir, 'out'));
    const ref = await outgoing.put(Readable.from(Array.from({ length: size / block.length }, () => block)));
    const email = composeReply({
      original: { messageId: '<m@x.example>', threadId: '<m@x.example>', from: { address: 'a@x.example' }, subject: 'Drawings', references: [] },
      from: { address: 'b@orchestrator.example' },
      messageId: '<big-1@orchestrator.example>',
      text: 'Drawings attached.',
      attachments: [{ id: ref.id, filename: 'drawings.bin', contentType: 'application/octet-stream', size, sha256: ref.sha256 }],
    });
    const raw = await collect(await renderMimeStream(email, outgoing));
    expect(raw.length).toBeGreaterThan(size); // base64

    const incoming = createDirectoryBlobStore(path.join(dir, 'in'));
    const message = await parseRawEmail(raw, { blobStore: incoming });
    expect(() => parseEmailMessage(message)).not.toThrow();
    expect(message.attachments).toEqual([expect.objectContaining({ id: ref.id, size, filename: 'drawings.bin' })]);
    expect(JSON.stringify(message).length).toBeLessThan(2048);
    expect(
      createHash('sha256')
        .update(await incoming.get(ref.id))
        .digest('hex'),
    ).toBe(ref.sha256);
  }, 60_000);
});
