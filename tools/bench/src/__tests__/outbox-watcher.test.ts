import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutboxWatcher } from '../outbox-watcher';

// The orchestrator's outbox files are MIME (quoted-printable bodies, folded headers): the watcher
// must read them as a mail client would, or an RFQ is never told apart from another.
const RFQ = [
  'Message-ID: <rfq-1@orchestrator.local>',
  'To: "Contoso Computing GmbH" <Quotes@Contoso-Computing.example>',
  'Subject: =?UTF-8?Q?Request_for_quotation:_monitors?=',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Dear Contoso,=0A=0AWe would like a quotation for 2 x Monitor Dell P2723D, a very long line that is =',
  'soft-broken here.',
  'Delivery to: Berlin office, room po7-abc',
  '',
].join('\r\n');

describe(OutboxWatcher, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses each new message once, decoded, and skips temp and hidden files', async () => {
    writeFileSync(path.join(dir, 'a.eml'), RFQ);
    writeFileSync(path.join(dir, '.b.eml.1234.tmp'), 'Subject: half written');
    writeFileSync(path.join(dir, '.c.eml'), 'Subject: hidden');
    const watcher = new OutboxWatcher(dir);
    await watcher.scan();
    await watcher.scan();
    expect(watcher.mails).toHaveLength(1);
    const [rfq] = watcher.mails;
    expect(rfq).toMatchObject({
      messageId: '<rfq-1@orchestrator.local>',
      subject: 'Request for quotation: monitors',
      to: ['quotes@contoso-computing.example'],
    });
    expect(rfq?.text).toContain('a very long line that is soft-broken here.');
    expect(rfq?.text).toMatch(/^Delivery to: Berlin office, room po7-abc$/m);
    expect(rfq?.mtimeMs).toBeGreaterThan(0);
  });

  it('waits for a message that comes later, and fails naming what it waited for and what it saw', async () => {
    const watcher = new OutboxWatcher(path.join(dir, 'not-yet'));
    const later = watcher.until((mails) => mails.find((m) => m.subject.startsWith('Request')), 5_000, 'the RFQ');
    setTimeout(() => {
      mkdirSync(path.join(dir, 'not-yet'));
      writeFileSync(path.join(dir, 'not-yet', 'a.eml'), RFQ);
    }, 100);
    await expect(later).resolves.toMatchObject({ messageId: '<rfq-1@orchestrator.local>' });
    await expect(watcher.until((mails) => mails.find((m) => m.subject === 'Purchase order'), 100, 'the purchase order')).rejects.toThrow(
      /^the purchase order: not in the outbox after 0\.1 s; it holds 1 messages, the last: Request for quotation: monitors \(to quotes@contoso-computing\.example\)$/,
    );
  });
});
