import type { SummarizeThreadInput, SummarizeThreadOutput } from '../../tasks/summarize-thread';
import { DEFAULT_SUMMARY_MAX_CHARS } from '../../tasks/summarize-thread';
import { findDates } from './dates';
import { findMoney } from './numbers';
import { clean, sentences, splitSignature, stripInjections, stripQuoted } from './text';

const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon)|hallo|guten tag|liebe[rs]?|sehr geehrte[rn]?|bonjour|hola|buongiorno)\b[^,!.]*[,!.]?$/i;

function sender(m: SummarizeThreadInput['messages'][number]): string {
  if (!m.from) return 'unknown';
  return typeof m.from === 'string' ? m.from : m.from.address;
}

const PLEASANTRY =
  /^(thanks?|thank you|many thanks|vielen dank|merci|gracias|i hope|hope you|as requested|please find|here is|here are|anbei|suite à|following|wie besprochen)\b/i;

/**
 * The gist of a message (quotes, greetings, signatures and injections removed): among its first
 * substantive sentences, the first one carrying a number, else the first one.
 */
function gist(text: string): string {
  const body = stripInjections(splitSignature(stripQuoted(text)).body);
  const candidates = sentences(body)
    .filter((s) => !GREETING.test(s) && !PLEASANTRY.test(s) && /\p{L}{3,}/u.test(s) && !/^[|+-]/.test(s))
    .slice(0, 3);
  const chosen = candidates.find((s) => /\d/.test(s)) ?? candidates[0];
  return clean(chosen ?? '(no text)').slice(0, 200);
}

/** Extractive summary: one gist per message, key facts by pattern, bounded by `maxChars`. */
export function summarizeByRules(input: SummarizeThreadInput): SummarizeThreadOutput {
  const maxChars = input.maxChars ?? DEFAULT_SUMMARY_MAX_CHARS;
  const participants: string[] = [];
  const keyFacts: string[] = [];
  const addFact = (f: string) => {
    if (!keyFacts.includes(f) && keyFacts.length < 20) keyFacts.push(f);
  };
  for (const m of input.messages) {
    const who = sender(m);
    if (!participants.includes(who)) participants.push(who);
    const text = stripInjections(stripQuoted(m.text));
    for (const money of findMoney(text)) addFact(`${money.currency} ${money.amount.toFixed(2)}`);
    for (const d of findDates(text, m.receivedAt)) addFact(d.date);
    for (const ref of text.match(
      /\b(?:order|po|rfq|invoice|inv|ticket|quotation|quote)\s*(?:no\.?|number|#)?\s*:?\s*#?(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,}\b/gi,
    ) ?? [])
      addFact(clean(ref));
  }
  const lines = input.messages.map((m, i) => `${i + 1}. ${sender(m)}: ${gist(m.text)}`);
  const head = `${input.messages.length} message(s) between ${participants.join(', ') || 'nobody'}.`;
  let summary = [head, ...lines].join('\n');
  // Too long: keep the first and the latest messages, drop the middle, then truncate.
  for (let keep = lines.length - 1; summary.length > maxChars && keep >= 2; keep--) {
    const first = lines.slice(0, 1);
    const last = lines.slice(lines.length - (keep - 1));
    summary = [head, ...first, `(${lines.length - keep} message(s) omitted)`, ...last].join('\n');
  }
  if (summary.length > maxChars) summary = `${summary.slice(0, Math.max(1, maxChars - 1))}…`;
  return { summary, participants, keyFacts, messageCount: input.messages.length };
}
