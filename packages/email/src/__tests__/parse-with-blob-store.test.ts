import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { parseRawEmail } from '../index';

describe('parseRawEmail with a blob store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'parse-blobs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores every attachment; the ref id is the blob id', async () => {
    const blobs = createDirectoryBlobStore(dir);
    const message = await parseRawEmail(readFileSync(path.join(__dirname, 'fixtures', 'attachment.eml')), { blobStore: blobs });
    expect(message.attachments).toHaveLength(2);
    for (const ref of message.attachments ?? []) {
      expect(await blobs.has(ref.id)).toBe(true);
      expect((await blobs.get(ref.id)).length).toBe(ref.size);
    }
    expect((await blobs.get(message.attachments?.[0]?.id ?? '')).toString()).toBe('item,qty,price\nchair,12,395\n');
  });

  it('moves over-long bodies to the blob store, keeping an excerpt and a reference', async () => {
    const blobs = createDirectoryBlobStore(dir);
    const text = 'Line of a long contract.\n'.repeat(4000); // ~100 KB
    const html = `<html><body>${'<p>Row of a long table</p>'.repeat(4000)}</body></html>`;
    const raw = [
      'From: legal@vendor.example',
      'To: purchasing@orchestrator.example',
      'Subject: Contract',
      'Message-ID: <contract-1@vendor.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '--b--',
      '',
    ].join('\r\n');
    const message = await parseRawEmail(raw, { blobStore: blobs, inlineLimits: { text: 16 * 1024 } });
    expect(() => parseEmailMessage(message)).not.toThrow();
    expect(message.text.length).toBeLessThanOrEqual(16 * 1024);
    expect(message.text).toMatch(/the full text is in textRef\]$/);
    expect(message.textRef?.size).toBeGreaterThan(90_000);
    expect((await blobs.get(message.textRef?.id ?? '')).toString()).toContain('Line of a long contract.\nLine of a long contract.');
    expect(message.html).toBeUndefined();
    expect((await blobs.get(message.htmlRef?.id ?? '')).toString()).toContain('<p>Row of a long table</p>');
    expect(JSON.stringify(message).length).toBeLessThan(20 * 1024);
  });

  it('keeps small bodies inline and adds no refs', async () => {
    const blobs = createDirectoryBlobStore(dir);
    const message = await parseRawEmail('From: a@example.com\r\nSubject: s\r\n\r\nhello', { blobStore: blobs });
    expect(message.text).toBe('hello');
    expect(message).not.toHaveProperty('textRef');
    expect(message).not.toHaveProperty('htmlRef');
  });
});
