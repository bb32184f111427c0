import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { OutboundEmail } from '@org/orchestrator-contracts';
import { RenderMimeError, composeReply, parseRawEmail, renderMime, renderMimeStream } from '../index';

const original = {
  messageId: '<m1@customer.example>',
  threadId: '<m1@customer.example>',
  from: { address: 'tom@customer.example', name: "Tom O'Neill" },
  subject: 'Bestellung für Bürostühle',
  references: [],
};
const from = { address: 'purchasing@orchestrator.example', name: 'Purchasing' };

async function toBuffer(mime: Buffer | NodeJS.ReadableStream): Promise<Buffer> {
  if (Buffer.isBuffer(mime)) return mime;
  const chunks: Buffer[] = [];
  for await (const chunk of mime) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe(renderMime, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'render-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the given Message-ID, threading headers, Date and Auto-Submitted', async () => {
    const reply = composeReply({
      original,
      from,
      messageId: '<r1@orchestrator.example>',
      text: 'Danke – wir kümmern uns.',
      html: '<p>Danke</p>',
      date: '2026-11-25T10:00:00Z',
    });
    const mime = await renderMime(reply);
    expect(Buffer.isBuffer(mime)).toBe(true);
    const parsed = await simpleParser(mime as Buffer);
    expect(parsed.messageId).toBe('<r1@orchestrator.example>');
    expect(parsed.inReplyTo).toBe('<m1@customer.example>');
    expect(parsed.references).toBe('<m1@customer.example>');
    expect(parsed.subject).toBe('Re: Bestellung für Bürostühle');
    expect(parsed.date?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.text?.trim()).toBe('Danke – wir kümmern uns.');
    expect(parsed.html).toContain('<p>Danke</p>');
    expect((mime as Buffer).toString()).toMatch(/^Message-ID: <r1@orchestrator\.example>\r$/m);
    expect((mime as Buffer).toString().match(/^Message-ID:/gim)).toHaveLength(1);
  });

  it('streams attachments from the blob store, inline ones by cid, and round-trips through parseRawEmail', async () => {
    const blobs = createDirectoryBlobStore(dir);
    const csv = Buffer.from('item,qty\nchair,12\n');
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const csvRef = await blobs.put(csv);
    const pngRef = await blobs.put(png);
    const reply: OutboundEmail = composeReply({
      original,
      from,
      messageId: '<r2@orchestrator.example>',
      text: 'Quote attached.',
      html: '<p>Logo: <img src="cid:logo@orchestrator.example"></p>',
      attachments: [
        { id: csvRef.id, filename: 'quote.csv', contentType: 'text/csv', size: csv.length, sha256: csvRef.sha256 },
        { id: pngRef.id, filename: 'logo.png', contentType: 'image/png', size: png.length, contentId: '<logo@orchestrator.example>' },
      ],
    });
    const raw = await toBuffer(await renderMimeStream(reply, blobs));
    const parsed = await simpleParser(raw);
    expect(parsed.attachments.map((a) => [a.filename, a.contentDisposition, a.cid, a.content.toString('hex')])).toEqual([
      ['logo.png', 'inline', 'logo@orchestrator.example', png.toString('hex')],
      ['quote.csv', 'attachment', undefined, csv.toString('hex')],
    ]);
    const message = await parseRawEmail(raw, { blobStore: blobs });
    expect(message.attachments?.map((a) => a.id).sort()).toEqual([csvRef.id, pngRef.id].sort());
    expect(
      createHash('sha256')
        .update(await blobs.get(csvRef.id))
        .digest('hex'),
    ).toBe(csvRef.sha256);
  });

  it('refuses attachments without a blob store', async () => {
    const reply = composeReply({
      original,
      from,
      messageId: '<r3@orchestrator.example>',
      text: 'x',
      attachments: [{ id: `sha256:${'a'.repeat(64)}`, filename: 'a', contentType: 'text/plain', size: 1 }],
    });
    await expect(renderMime(reply)).rejects.toBeInstanceOf(RenderMimeError);
  });
});
