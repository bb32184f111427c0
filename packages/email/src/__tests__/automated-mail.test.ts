import { automatedMail } from '@org/orchestrator-contracts';
import { parseRawEmail } from '../index';

const raw = (headers: string[], body = 'Hello.') =>
  [
    'From: Maria Keller <maria.keller@acme-industries.example>',
    'To: purchasing@orchestrator.example',
    'Subject: Purchase request',
    'Message-ID: <auto-test@acme-industries.example>',
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    ...headers,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

describe('parseRawEmail: automatic mail (RFC 3834)', () => {
  it('marks an out-of-office reply by its Auto-Submitted header, parameters kept in detail', async () => {
    const message = await parseRawEmail(
      raw(
        ['Auto-Submitted: auto-replied; owner-email="maria.keller@acme-industries.example"', 'X-Auto-Response-Suppress: All'],
        'I am out of the office until Monday.',
      ),
    );
    expect(message.automated).toEqual({ kind: 'auto-submitted', detail: 'auto-replied; owner-email="maria.keller@acme-industries.example"' });
  });

  it('marks Auto-Submitted: auto-generated, whatever its case', async () => {
    const message = await parseRawEmail(raw(['Auto-Submitted: Auto-Generated']));
    expect(message.automated).toEqual({ kind: 'auto-submitted', detail: 'Auto-Generated' });
  });

  it('treats Auto-Submitted: no (with a comment) as a person writing', async () => {
    const message = await parseRawEmail(raw(['Auto-Submitted: no (sent by hand)']));
    expect(message.automated).toBeUndefined();
  });

  it.each(['bulk', 'list', 'junk', 'Bulk'])('marks Precedence: %s', async (value) => {
    const message = await parseRawEmail(raw([`Precedence: ${value}`]));
    expect(message.automated).toEqual({ kind: 'precedence', detail: value });
  });

  it('ignores Precedence: first-class (not automatic mail)', async () => {
    expect((await parseRawEmail(raw(['Precedence: first-class']))).automated).toBeUndefined();
  });

  it('marks a mailing-list post by its List-Id, folded header unfolded', async () => {
    const message = await parseRawEmail(
      raw([
        'List-Id: Procurement announcements\r\n <procurement.lists.acme-industries.example>',
        'List-Unsubscribe: <mailto:procurement-leave@lists.acme-industries.example>',
      ]),
    );
    expect(message.automated).toEqual({ kind: 'list', detail: 'Procurement announcements <procurement.lists.acme-industries.example>' });
  });

  it('leaves a plain message from a person unmarked', async () => {
    const message = await parseRawEmail(raw([]));
    expect(message.automated).toBeUndefined();
    expect(automatedMail({ from: message.from, automated: message.automated })).toBeUndefined();
  });

  it('lets the contracts helper catch a bounce by its sender when no header says so', async () => {
    const bounce = raw([]).replace(
      'From: Maria Keller <maria.keller@acme-industries.example>',
      'From: Mail Delivery System <MAILER-DAEMON@mx.acme-industries.example>',
    );
    const message = await parseRawEmail(bounce);
    expect(message.automated).toBeUndefined();
    expect(automatedMail({ from: message.from, automated: message.automated })).toEqual({
      kind: 'mailer-daemon',
      detail: 'MAILER-DAEMON@mx.acme-industries.example',
    });
  });

  it('caps an overlong header value at 256 characters', async () => {
    const message = await parseRawEmail(raw([`List-Id: <${'x'.repeat(400)}.example>`]));
    expect(message.automated?.detail).toHaveLength(256);
  });
});
