import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { InvalidPayloadError, PAYLOAD_LIMITS, parseEmailMessage, serializedPayloadBytes } from '@org/orchestrator-contracts';
import { fitToSignalBudget } from '../index';

const base: EmailMessageInput = {
  messageId: '<m@x.example>',
  threadId: '<root@x.example>',
  from: { address: 'a@x.example', name: 'Alice' },
  to: [{ address: 'orders@o.example', name: 'Orders' }],
  subject: 'Hello',
  text: 'Short body.',
  receivedAt: '2026-11-25T09:00:00Z',
  references: ['<root@x.example>'],
};

describe(fitToSignalBudget, () => {
  let dir: string;
  let blobs: BlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fit-'));
    blobs = createDirectoryBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves a message that fits alone, and stores nothing', async () => {
    const fitted = await fitToSignalBudget(base, blobs);
    expect(fitted).toMatchObject({ stored: [], trimmed: [], bytes: fitted.originalBytes });
    expect(fitted.message).toEqual(parseEmailMessage(base));
  });

  it('moves bodies whose JSON is too big (control characters escape to 6 bytes each) to the blob store', async () => {
    const text = '\u0001'.repeat(60_000); // 60 KB of text, 360 KB of JSON
    const html = `<p>${'\u0002'.repeat(30_000)}</p>`;
    expect(serializedPayloadBytes({ ...base, text, html })).toBeGreaterThan(PAYLOAD_LIMITS.signalBudgetBytes);
    const fitted = await fitToSignalBudget({ ...base, text, html }, blobs);
    expect(fitted.stored).toEqual(['html', 'text']);
    expect(fitted.trimmed).toEqual([]);
    expect(fitted.message.trimmed).toBeUndefined();
    expect(fitted.message.html).toBeUndefined();
    expect(fitted.bytes).toBeLessThanOrEqual(PAYLOAD_LIMITS.signalBudgetBytes);
    expect(fitted.bytes).toBe(serializedPayloadBytes(fitted.message));
    expect((await blobs.get(fitted.message.textRef?.id as string)).toString('utf8')).toBe(text);
    expect((await blobs.get(fitted.message.htmlRef?.id as string)).toString('utf8')).toBe(html);
    expect(fitted.message.text).toMatch(/\[… truncated; the full text is in textRef\]$/);
    expect(text.startsWith(fitted.message.text.slice(0, -'\n[… truncated; the full text is in textRef]'.length))).toBe(true);
  });

  it('keeps a body already stored by the parser, only shortening its excerpt', async () => {
    const ref = await blobs.put(Buffer.from('the whole body'));
    const text = `${'日本'.repeat(30_000)}\n[… truncated; the full text is in textRef]`;
    const fitted = await fitToSignalBudget({ ...base, text, textRef: ref }, blobs, 64 * 1024);
    expect(fitted.stored).toEqual([]);
    expect(fitted.message.textRef).toEqual(ref);
    expect(fitted.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(fitted.message.text.startsWith('日本')).toBe(true);
  });

  it('keeps the root and the most recent references, and records the cut (adding to the parser’s)', async () => {
    const references = Array.from({ length: 200 }, (_, i) => `<${String(i).padStart(3, '0')}.${'ü'.repeat(900)}@x.example>`);
    const input = { ...base, threadId: references[0] as string, references, trimmed: [{ part: 'references' as const, kept: 200, of: 5000 }] };
    const fitted = await fitToSignalBudget(input, blobs);
    expect(fitted.bytes).toBeLessThanOrEqual(PAYLOAD_LIMITS.signalBudgetBytes);
    const kept = fitted.message.references;
    expect(kept[0]).toBe(references[0]);
    expect(kept.slice(1)).toEqual(references.slice(-(kept.length - 1)));
    expect(kept.length).toBeLessThan(200);
    expect(fitted.trimmed).toEqual(['references']);
    expect(fitted.message.trimmed).toEqual([{ part: 'references', kept: kept.length, of: 5000 }]);
    expect(() => parseEmailMessage(fitted.message)).not.toThrow();
  });

  it('drops recipient names, shortens attachment names and the subject when lists alone are too big, recording each', async () => {
    const name = '\u0003'.repeat(256);
    const to = Array.from({ length: 100 }, (_, i) => ({ address: `u${i}@x.example`, name }));
    const attachments = Array.from({ length: 100 }, (_, i) => ({
      id: `sha256:${'a'.repeat(64)}`,
      filename: `${i}-${'\u0004'.repeat(500)}`,
      contentType: 'application/pdf',
      size: 1,
      contentId: `<${'c'.repeat(900)}>`,
    }));
    const subject = '\u0005'.repeat(998);
    const fitted = await fitToSignalBudget({ ...base, to, cc: to, attachments, subject }, blobs, 98 * 1024);
    expect(fitted.trimmed).toEqual(['recipient-names', 'attachment-names', 'subject']);
    expect(fitted.message.trimmed).toEqual([
      { part: 'recipient-names', kept: 0, of: 200 },
      { part: 'attachment-names', kept: 0, of: 100 },
      { part: 'subject', kept: 256, of: 998 },
    ]);
    expect(fitted.message.to[0]).toEqual({ address: 'u0@x.example' });
    expect(fitted.message.attachments[0]?.filename).toHaveLength(128);
    expect(fitted.message.attachments[0]?.contentId).toBeUndefined();
    expect(fitted.originalBytes).toBeGreaterThan(600 * 1024);
    expect(fitted.bytes).toBeLessThanOrEqual(98 * 1024);
  });

  it('returns what still does not fit over budget, for deliverEmail to refuse', async () => {
    const fitted = await fitToSignalBudget(base, blobs, 100);
    expect(fitted.bytes).toBeGreaterThan(100);
  });

  it('refuses a message that fails the schema', async () => {
    await expect(fitToSignalBudget({ ...base, messageId: '<a\u0000b@x>' }, blobs)).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('lets a blob store failure through (a transient failure)', async () => {
    const failing: BlobStore = { ...blobs, put: () => Promise.reject(new Error('EACCES: blob store not writable')) };
    await expect(fitToSignalBudget({ ...base, text: '\u0001'.repeat(60_000) }, failing)).rejects.toThrow(/EACCES/);
  });
});
