/**
 * Date and duration parsing relative to the email's `receivedAt`: ISO dates, "15 December 2026",
 * "Dec 15", "15.12.2026", "in two weeks", "end of month", lead times "3 weeks" / "10 working days".
 * All arithmetic is in UTC calendar days, so results do not depend on the machine's time zone.
 */
import * as chrono from 'chrono-node';
import { DATE_PHRASES } from './date-phrases';
import { MONTH, MONTHS } from './date-words';
import { detectLanguage } from './language';
import { NUMBER_WORD_PATTERN, parseCount } from './numbers';

/** A date found in text, as an ISO `YYYY-MM-DD`. */
export interface DateMatch {
  date: string;
  index: number;
  text: string;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC date. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The reference day (UTC midnight) of an email, or null when `receivedAt` is absent or invalid. */
export function referenceDay(receivedAt: string | undefined): Date | null {
  if (!receivedAt) return null;
  const t = Date.parse(receivedAt);
  if (Number.isNaN(t)) return null;
  return new Date(Math.floor(t / DAY_MS) * DAY_MS);
}

/** Adds calendar days to a UTC day. */
export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

function make(year: number, month: number, day: number): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 ? d : null;
}

/** A date without a year is the next such date on or after the reference day. */
function withYear(month: number, day: number, ref: Date | null): Date | null {
  const year = ref ? ref.getUTCFullYear() : new Date(0).getUTCFullYear();
  const d = make(year, month, day);
  if (d && ref && d < ref) return make(year + 1, month, day);
  return d;
}

const PATTERNS: { re: RegExp; build: (m: RegExpMatchArray, ref: Date | null) => Date | null }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, build: (m) => make(+m[1], +m[2], +m[3]) },
  {
    // A range of days ("23-25 March", "12.-14. Januar") starts on its first day.
    re: new RegExp(
      String.raw`\b(\d{1,2})(?:st|nd|rd|th|\.)?\s*[-–]\s*\d{1,2}(?:st|nd|rd|th|\.|er)?\s+(?:of\s+|de\s+)?${MONTH}\.?,?(?:\s+(?:de\s+)?(\d{4}))?\b`,
      'giu',
    ),
    build: (m, ref) => {
      const month = MONTHS[m[2].toLowerCase()];
      return m[3] ? make(+m[3], month, +m[1]) : withYear(month, +m[1], ref);
    },
  },
  {
    re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th|\.|er)?\s+(?:of\s+|de\s+)?${MONTH}\.?,?(?:\s+(?:de\s+)?(\d{4}))?\b`, 'giu'),
    build: (m, ref) => {
      const month = MONTHS[m[2].toLowerCase()];
      return m[3] ? make(+m[3], month, +m[1]) : withYear(month, +m[1], ref);
    },
  },
  {
    re: new RegExp(String.raw`\b${MONTH}\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'giu'),
    build: (m, ref) => {
      const month = MONTHS[m[1].toLowerCase()];
      return m[3] ? make(+m[3], month, +m[2]) : withYear(month, +m[2], ref);
    },
  },
  {
    // 15.12.2026 and 15/12/2026 are day-first; 12/15/2026 is read month-first only when day-first is impossible.
    re: /\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/g,
    build: (m) => make(+m[3], +m[2], +m[1]) ?? make(+m[3], +m[1], +m[2]),
  },
  {
    re: /\b(\d{1,2})\.(\d{1,2})\.(?!\d)/g,
    build: (m, ref) => withYear(+m[2], +m[1], ref),
  },
];

const UNIT_DAYS: [RegExp, number][] = [
  [/^(business|working|work)\s+days?$|^werktage?n?$|^jours ouvrés$|^días hábiles$|^giorni lavorativi$|^werkdagen$|^dias úteis$/i, 7 / 5],
  [/^(days?|tage?n?|jours?|días|dias|dagen|giorni)$/i, 1],
  [/^(weeks?|wks?|wochen?|semaines?|semanas?|weken|week|settimane?)$/i, 7],
  [/^(h|hours?|stunden|heures|horas|ore|uur)$/i, 1 / 24],
  [/^(months?|monate?n?|mois|meses|mesi|maanden|maand)$/i, 30],
];

/** Converts "3" + "weeks" to calendar days (working days x 7/5, rounded up). */
export function durationDays(count: number, unit: string): number | null {
  for (const [re, days] of UNIT_DAYS) if (re.test(unit.trim())) return Math.ceil(count * days);
  return null;
}

/** Regex source of a duration: count (digits, range or word) and unit. */
export const DURATION = String.raw`(\d+(?:[.,]\d+)?|${NUMBER_WORD_PATTERN})(?:\s*(?:-|–|to|bis|à)\s*(\d+))?\s*(business days?|working days?|work days?|werktagen?|jours ouvrés|días hábiles|giorni lavorativi|werkdagen|dias úteis|days?|tagen?|jours?|días|dias|dagen|giorni|weeks?|wks?|wochen?|semaines?|semanas?|weken|week|settimane?|months?|monaten?|mois|meses|mesi|maanden|maand|h|hours?|stunden|heures|horas|ore|uur)\b`;

/** Parses a duration match (upper bound of a range) to calendar days. */
export function parseDuration(m: RegExpMatchArray, offset = 0): number | null {
  const low = parseCount(m[offset + 1]);
  const high = m[offset + 2] ? parseCount(m[offset + 2]) : null;
  const count = high ?? low;
  return count === null ? null : durationDays(count, m[offset + 3]);
}

/** "Guten Morgen", "heute Morgen" and "por la mañana" are mornings, not tomorrow: the words before them. */
const MORNING_BEFORE = /(?:guten|good|heute|jeden|am|por la|de la|esta|this|goede)\s/;
const ENDS_WITH_MORNING_BEFORE = new RegExp(`${MORNING_BEFORE.source}$`, 'i');

const RELATIVE: { re: RegExp; build: (m: RegExpMatchArray, ref: Date) => Date | null }[] = [
  {
    re: new RegExp(
      String.raw`\b(?:in|within|innerhalb von|binnen|in den nächsten|dans|sous|en|dentro de|tra|fra|entro|daqui a|em)\s+(?:the next\s+)?${DURATION}`,
      'giu',
    ),
    build: (m, ref) => {
      const days = parseDuration(m);
      return days === null ? null : addDays(ref, days);
    },
  },
  { re: /\b(?:in|within) a fortnight\b/gi, build: (_m, ref) => addDays(ref, 14) },
  { re: new RegExp(String.raw`(?<!${MORNING_BEFORE.source})\b(tomorrow|morgen|demain|mañana)\b`, 'giu'), build: (_m, ref) => addDays(ref, 1) },
  { re: /\b(next week|nächste woche|la semaine prochaine)\b/gi, build: (_m, ref) => addDays(ref, 7) },
];

type ChronoParser = Pick<typeof chrono.en.GB, 'parse'>;

/**
 * chrono-node's parser per language the rules read. English mail in Europe writes days first
 * ("05/12" is 5 December), so English is read with the British parser; it is also tried on mail in
 * other languages, for the English phrases mixed into them.
 */
const CHRONO_BY_LANGUAGE: Record<string, ChronoParser> = {
  en: chrono.en.GB,
  de: chrono.de,
  fr: chrono.fr,
  es: chrono.es,
  it: chrono.it,
  nl: chrono.nl,
  pt: chrono.pt,
};
/** chrono only reads the head of a message: an attacker's megabyte body must not cost seconds. */
const CHRONO_MAX_CHARS = 5_000;
/** Words that name a day relative to today. */
const CASUAL_DAY = /^(today|tonight|tomorrow|heute|morgen|aujourd'hui|demain|hoy|mañana|oggi|domani|vandaag|hoje|amanhã)$/i;
/** A relative date chrono reads from a duration is a date only after "in"/"within" ("in 2 weeks", not "for 2 days"). */
const WITHIN = /^(in|within|dans|sous|en|dentro|innerhalb|binnen|over|tra|fra|entro|daqui|em)\b/i;
/** A weekday alone names the reference day's weekday a week ahead, unless it says "today"/"this". */
const THIS_DAY = /\b(today|this|heute|dieser|diesen|aujourd'hui|ce|hoy|este|oggi|questo|vandaag|deze|hoje|esta)\b/i;

/** The chrono parsers for a text: its language's, then English. */
function chronoParsers(language: string): ChronoParser[] {
  const own = CHRONO_BY_LANGUAGE[language];
  return own && own !== CHRONO_BY_LANGUAGE.en ? [own, CHRONO_BY_LANGUAGE.en] : [CHRONO_BY_LANGUAGE.en];
}

/**
 * Dates chrono-node finds that name a day ("by Wed", "today", "next Friday", "bis morgen"): a bare
 * month, a time of day or a duration ("for 2 days", "3m" of cable) is not a date. Dates are taken
 * as calendar dates (year, month, day) in UTC, forward from the reference day.
 */
function chronoDates(text: string, ref: Date, language: string): { date: Date; index: number; text: string }[] {
  const head = text.slice(0, CHRONO_MAX_CHARS);
  const out: { date: Date; index: number; text: string }[] = [];
  for (const parser of chronoParsers(language)) {
    for (const r of parser.parse(head, { instant: ref, timezone: 0 }, { forwardDate: true })) {
      const said = r.text.trim();
      // "Morning - can we get..." or "at 12:30" is a time of day, not a deadline.
      if (/^(good |this )?(morning|afternoon|evening|noon|midnight|tonight)$|^\d{1,2}[:.h]\d{2}$/i.test(said)) continue;
      if (CASUAL_DAY.test(said) && ENDS_WITH_MORNING_BEFORE.test(head.slice(Math.max(0, r.index - 12), r.index))) continue;
      const tags = r.tags();
      if (tags.has('result/relativeDateAndTime')) continue;
      if (tags.has('result/relativeDate') && !WITHIN.test(said) && !CASUAL_DAY.test(said)) continue;
      // A day is named by digits ("7 Dec"), a weekday of three letters or more ("by Wed") or a
      // relative word ("tomorrow"); chrono's other guesses ("the H" read as an hour, Dutch "di") are not.
      const weekdayOnly = r.start.isCertain('weekday') && !r.start.isCertain('day');
      const day = (r.start.isCertain('day') && /\d/.test(said)) || (weekdayOnly && /\p{L}{3}/u.test(said)) || CASUAL_DAY.test(said);
      if (!day) continue;
      let d = make(r.start.get('year') ?? ref.getUTCFullYear(), r.start.get('month') ?? 0, r.start.get('day') ?? 0);
      if (d && weekdayOnly && d.getTime() === ref.getTime() && !THIS_DAY.test(said)) d = addDays(d, 7);
      if (d) out.push({ date: d, index: r.index, text: r.text });
    }
  }
  return out;
}

/** No message needs more dates than this; the rest are ignored. */
const MAX_DATES = 200;

/**
 * Every date in the text (absolute, and relative to `receivedAt` when given), in order. chrono-node
 * reads the text in `language` (detected when not given) and in English.
 */
export function findDates(text: string, receivedAt?: string, language?: string): DateMatch[] {
  const ref = referenceDay(receivedAt);
  const found: DateMatch[] = [];
  const add = (d: Date | null, index: number, matched: string) => {
    // The overlap check is quadratic: an attacker's body full of dates must not make it slow.
    if (!d || found.length >= MAX_DATES) return;
    if (found.some((f) => index < f.index + f.text.length && f.index < index + matched.length)) return;
    found.push({ date: isoDate(d), index, text: matched });
  };
  for (const { re, build } of PATTERNS) for (const m of text.matchAll(re)) add(build(m, ref), m.index ?? 0, m[0]);
  if (!ref) return found.sort((a, b) => a.index - b.index);
  for (const { re, build } of [...DATE_PHRASES, ...RELATIVE]) for (const m of text.matchAll(re)) add(build(m, ref), m.index ?? 0, m[0]);
  for (const c of chronoDates(text, ref, language ?? detectLanguage(text.slice(0, CHRONO_MAX_CHARS)))) add(c.date, c.index, c.text);
  return found.sort((a, b) => a.index - b.index);
}
