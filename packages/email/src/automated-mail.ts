import type { HeaderLines } from 'mailparser';
import type { AutomatedMail } from '@org/orchestrator-contracts';

const MAX_DETAIL = 256;

/**
 * Reads the headers that mark automatic mail (RFC 3834 and common practice), in this order:
 * `Auto-Submitted` other than `no` (auto-replies, auto-generated notices), `Precedence: bulk`,
 * `list` or `junk`, and `List-Id` (mailing-list traffic). `detail` is the header's value.
 * Returns `undefined` for a person's mail. Sender addresses such as `mailer-daemon@` are left to
 * the contracts' `automatedMail`, which reads them from `from`.
 * @example automatedMailFromHeaders(mail.headerLines) // { kind: 'auto-submitted', detail: 'auto-replied' }
 */
export function automatedMailFromHeaders(lines: HeaderLines): AutomatedMail | undefined {
  const autoSubmitted = firstValue(lines, 'auto-submitted');
  // RFC 3834 §5: the keyword may carry parameters after ';' ("auto-replied; owner-email=...").
  if (autoSubmitted !== undefined && keyword(autoSubmitted) !== 'no') return { kind: 'auto-submitted', detail: detail(autoSubmitted) };
  const precedence = firstValue(lines, 'precedence');
  if (precedence !== undefined && ['bulk', 'list', 'junk'].includes(keyword(precedence))) {
    return { kind: 'precedence', detail: detail(precedence) };
  }
  const listId = firstValue(lines, 'list-id');
  if (listId !== undefined) return { kind: 'list', detail: detail(listId) };
  return undefined;
}

function firstValue(lines: HeaderLines, name: string): string | undefined {
  const line = lines.find((l) => l.key === name)?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

const keyword = (value: string) =>
  (value.split(';', 1)[0] ?? '')
    .replace(/\([^)]*\)/g, '')
    .trim()
    .toLowerCase();
const detail = (value: string) => value.slice(0, MAX_DETAIL);
