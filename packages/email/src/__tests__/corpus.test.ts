import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailMessageInput } from '@org/orchestrator-contracts';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import type { EmailParseReason } from '../index';
import { EmailParseError, parseRawEmail, stripQuotedReply } from '../index';

const CORPUS = join(__dirname, 'corpus');

type Expected = { parses: (message: EmailMessageInput) => void } | { rejects: EmailParseReason; because: RegExp };

/** Every file of the corpus and what must become of it: nothing passes by accident. */
const EXPECTED: Record<string, Expected> = {
  '01-iso-8859-1-quoted-printable.eml': {
    parses: (m) => {
      expect(m.from).toEqual({ address: 'juergen.weiss@buero-weiss.example', name: 'Jürgen Weiß' });
      expect(m.subject).toBe('Angebot für Bürostühle – Ihre Anfrage');
      expect(m.text).toContain('40 Bürostühle "Ergo Plus" à 289,00 EUR');
    },
  },
  '02-windows-1252-base64.eml': {
    parses: (m) => {
      expect(m.subject).toBe('Invoice – “PO 5531”');
      expect(m.text).toContain('€ 1.240,00 – please confirm “PO 5531”');
    },
  },
  '03-shift-jis.eml': {
    parses: (m) => {
      expect(m.from.name).toBe('山田太郎');
      expect(m.subject).toBe('見積書の送付');
      expect(m.text).toContain('見積書をお送りします。');
    },
  },
  '04-koi8-r-8bit.eml': {
    parses: (m) => {
      expect(m.from.name).toBe('Иван Петров');
      expect(m.subject).toBe('Счёт на мониторы');
      expect(m.text).toContain('Просим выставить счёт на 15 мониторов.');
    },
  },
  '05-html-only-newsletter.eml': {
    parses: (m) => {
      expect(m.html).toContain('<h2>July price list</h2>');
      expect(m.text).toMatch(/July price list/i);
      expect(m.text).toContain('Desk lamp LX: EUR 39');
      expect(m.text).not.toMatch(/<|track\(\)|color:red|&nbsp;/);
    },
  },
  '06-attachments-only.eml': {
    parses: (m) => {
      expect(m.text).toBe('');
      expect(m.attachments).toEqual([expect.objectContaining({ filename: 'scan-0001.pdf', contentType: 'application/pdf', size: 69 })]);
    },
  },
  '07-missing-message-id.eml': {
    parses: (m) => expect(m.messageId).toMatch(/^<[0-9a-f]{64}@orchestrator\.local>$/),
  },
  '08-broken-mime-boundary.eml': { rejects: 'malformed-mime', because: /boundary "declared-but-wrong" .* never occurs/ },
  '09-missing-mime-boundary.eml': { rejects: 'malformed-mime', because: /multipart\/alternative .* no boundary/ },
  '10-huge-headers.eml': {
    parses: (m) => {
      expect(m.subject).toBe('Re: Re: Long thread');
      expect(m.references).toHaveLength(200); // capped at EMAIL_LIMITS.references, root kept
      expect(m.threadId).toBe('<ref0@thread.example>');
      expect(m.references?.at(-1)).toBe('<ref399@thread.example>');
    },
  },
  '11-forwarded-rfc822.eml': {
    parses: (m) => {
      expect(m.text).toContain('Can purchasing take this one?');
      expect(m.attachments).toEqual([expect.objectContaining({ contentType: 'message/rfc822', filename: 'Need 30 headsets.eml' })]);
    },
  },
  '12-inline-cid-image.eml': {
    parses: (m) => {
      expect(m.html).toContain('src="cid:logo@designer.example"');
      expect(m.attachments).toEqual([expect.objectContaining({ filename: 'logo.png', contentId: '<logo@designer.example>' })]);
    },
  },
  '13-tnef-winmail.eml': {
    parses: (m) => {
      expect(m.text).toBe('Please see attached.');
      expect(m.attachments).toEqual([expect.objectContaining({ filename: 'winmail.dat', contentType: 'application/ms-tnef', size: 604 })]);
    },
  },
  '14-binary-garbage.eml': { rejects: 'not-an-email', because: /no email header section/ },
  '15-no-from.eml': { rejects: 'missing-from', because: /no From address/ },
  '16-invalid-from.eml': { rejects: 'invalid-from', because: /winner-at-lottery/ },
  '17-outlook-quoted-reply-de.eml': {
    parses: (m) => {
      expect(m.threadId).toBe('<req-1@kunde.example>');
      expect(m.text).toContain('Gesendet: Montag'); // the full text stays …
      expect(stripQuotedReply(m.text)).toBe('Hallo,\n\nbitte liefern Sie an Tor 3.\n\nViele Grüße\nAnna'); // … agents read this
    },
  },
  '18-gmail-quoted-reply.eml': {
    parses: (m) => {
      expect(m.threadId).toBe('<order-9@customer.example>');
      expect(stripQuotedReply(m.text)).toBe('Thanks, it arrived today.');
    },
  },
};

describe('corpus of awkward real-world messages', () => {
  const files = readdirSync(CORPUS).filter((name) => name.endsWith('.eml'));

  it('has an expected outcome for every file, and a file for every expectation', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(Object.entries(EXPECTED))('%s', async (file, expected) => {
    const outcome = await parseRawEmail(readFileSync(join(CORPUS, file)), { receivedAt: new Date('2025-08-01T00:00:00Z') }).then(
      (message) => ({ message }),
      (error: unknown) => ({ error }),
    );
    if ('parses' in expected) {
      if ('error' in outcome) throw new Error(`${file} was rejected: ${String(outcome.error)}`);
      // Valid for the workflow, as delivered through NEW_MESSAGE.
      expect(() => parseEmailMessage(outcome.message)).not.toThrow();
      expected.parses(outcome.message);
    } else {
      if (!('error' in outcome)) throw new Error(`${file} parsed, but should be rejected as ${expected.rejects}`);
      expect(outcome.error).toBeInstanceOf(EmailParseError);
      expect(outcome.error).toMatchObject({ reason: expected.rejects, message: expect.stringMatching(expected.because) });
    }
  });
});
