import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirPerTest } from '@org/orchestrator-testing';
import type { QuarantineRecord } from '../index';
import { createDirectoryQuarantine } from '../index';

describe(createDirectoryQuarantine, () => {
  const dir = tempDirPerTest('quarantine-');

  it('keeps the raw bytes and a JSON record of the reason, named <timestamp>-<sha256>, with no temp files left', async () => {
    const raw = Buffer.from('not\r\nan email\u0000\u00ff');
    const quarantine = createDirectoryQuarantine(join(dir(), 'q'));
    const entry = await quarantine.keep(raw, 'no email header section found', { via: 'smtp', mailFrom: 'a@x.example' }, { code: 'not-an-email' });
    const sha256 = createHash('sha256').update(raw).digest('hex');
    expect(entry).toMatchObject({ sha256, size: raw.length });
    expect(entry.id).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${sha256}$`));
    expect(readdirSync(join(dir(), 'q')).sort()).toEqual([`${entry.id}.eml`, `${entry.id}.json`]);
    expect(readFileSync(entry.emlPath).equals(raw)).toBe(true);
    const record = JSON.parse(readFileSync(entry.metaPath, 'utf8')) as QuarantineRecord;
    expect(record).toEqual({
      id: entry.id,
      reason: 'no email header section found',
      code: 'not-an-email',
      source: { via: 'smtp', mailFrom: 'a@x.example' },
      sha256,
      size: raw.length,
      quarantinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('keeps the same bytes twice as two entries (each arrival is a fact worth seeing)', async () => {
    const quarantine = createDirectoryQuarantine(dir());
    const a = await quarantine.keep(Buffer.from('x'), 'r', { via: 'imap' });
    await new Promise((r) => setTimeout(r, 5));
    const b = await quarantine.keep(Buffer.from('x'), 'r', { via: 'imap' });
    expect(a.id).not.toBe(b.id);
    expect(readdirSync(dir())).toHaveLength(4);
  });

  it('fails loudly when it cannot write', async () => {
    const file = join(dir(), 'not-a-dir()');
    writeFileSync(file, '');
    await expect(createDirectoryQuarantine(file).keep(Buffer.from('x'), 'r', { via: 'smtp' })).rejects.toThrow(/EEXIST|ENOTDIR/);
  });
});
