/**
 * Date phrases in the seven languages the rules read that chrono-node's locale parsers miss or
 * read too loosely: ends of periods ("end of next week", "Ende April", "fin du mois", "finales de
 * abril"), "the day after tomorrow", a weekday with its day number ("Friday 13th",
 * "Montag, den 16.") and a day of the month without a month ("no later than the 20th").
 * Each resolves against the email's reference day (UTC midnight). The middle of a month ("Mitte
 * Dezember") is left unread on purpose: it is approximate, so the flow asks for a date.
 */
import { MONTH, MONTHS, WEEKDAY, WEEKDAYS } from './date-words';

/** A phrase pattern and how it resolves; `build` returns null when the phrase names no valid day. */
export interface DatePhrase {
  re: RegExp;
  build: (m: RegExpMatchArray, ref: Date) => Date | null;
}

const DAY_MS = 86_400_000;
const utc = (year: number, monthIndex: number, day: number) => new Date(Date.UTC(year, monthIndex, day));
/** `\b` is ASCII-only in JavaScript: "übermorgen" and "après-demain" need letter-aware edges. */
const phrase = (source: string) => new RegExp(`(?<![\\p{L}\\d])(?:${source})(?![\\p{L}])`, 'giu');

/** The last day of the month `offset` months after the reference day's. */
const endOfMonth = (ref: Date, offset: number) => utc(ref.getUTCFullYear(), ref.getUTCMonth() + offset + 1, 0);

/** The Friday of the reference day's working week (`weeks` later); from Saturday on, the next one. */
function fridayOf(ref: Date, weeks: number): Date {
  const ahead = (5 - ref.getUTCDay() + 7) % 7;
  return new Date(ref.getTime() + (ahead + 7 * weeks) * DAY_MS);
}

/** A named month on or after the reference month (next year once it has passed). */
function namedMonth(name: string, year: string | undefined, ref: Date): { year: number; monthIndex: number } {
  const monthIndex = MONTHS[name.toLowerCase()] - 1;
  if (year) return { year: +year, monthIndex };
  return { year: ref.getUTCFullYear() + (monthIndex < ref.getUTCMonth() ? 1 : 0), monthIndex };
}

/** The next day numbered `day` on or after the reference day, within a year. */
function nextDayOfMonth(day: number, ref: Date, weekday?: number): Date | null {
  for (let offset = 0; offset < 13; offset++) {
    const d = utc(ref.getUTCFullYear(), ref.getUTCMonth() + offset, day);
    if (d.getUTCDate() !== day || d < ref) continue;
    if (weekday === undefined || d.getUTCDay() === weekday) return d;
  }
  return null;
}

const OPTIONAL_YEAR = String.raw`(?:,?\s+(\d{4}))?`;
const END = String.raw`(?:the\s+)?end\s+of\s+|ende\s+|fin\s+(?:de\s+)?|fin\s+d['’]|finales\s+de\s+|fine\s+|eind(?:e)?\s+|(?:fim|final)\s+de\s+`;
/** Words that may stand between a weekday and its day number: "Friday the 13th", "Montag, den 16.". */
const WEEKDAY_JOIN = String.raw`,?\s+(?:the\s+|den\s+|le\s+|el\s+|il\s+|o\s+|dia\s+)?`;
/** What may follow a lone day number for it to be a date: the end of a clause or a closing word. */
const DAY_END = String.raw`(?=\s*(?:[,;:!?)]|\.(?!\d)|$)|\s+(?:at|latest|please|if|and|or|so)\b)`;

/** Phrases in the order they are tried; longer phrases come before the ones they contain. */
export const DATE_PHRASES: DatePhrase[] = [
  {
    re: phrase(
      [
        String.raw`end\s+of\s+(?:the\s+)?(?:next|following)\s+month`,
        String.raw`ende\s+(?:des\s+)?nächsten\s+monats`,
        String.raw`fin\s+du\s+mois\s+prochain`,
        String.raw`(?:fin|finales)\s+del\s+(?:mes\s+que\s+viene|próximo\s+mes|mes\s+próximo)`,
        String.raw`fine\s+del\s+(?:mese\s+prossimo|prossimo\s+mese)`,
        String.raw`eind(?:e)?\s+(?:van\s+)?volgende\s+maand`,
        String.raw`(?:fim|final)\s+do\s+(?:próximo\s+mês|mês\s+que\s+vem)`,
      ].join('|'),
    ),
    build: (_m, ref) => endOfMonth(ref, 1),
  },
  {
    re: phrase(
      [
        String.raw`end\s+of\s+(?:the\s+|this\s+)?month|month[- ]end`,
        String.raw`ende\s+(?:des|dieses)\s+monats|monatsende`,
        String.raw`fin\s+(?:du|de\s+ce)\s+mois`,
        String.raw`(?:fin|finales)\s+de(?:l)?\s+mes|(?:fin|finales)\s+de\s+este\s+mes`,
        String.raw`fine\s+(?:del\s+|di\s+questo\s+)?mese`,
        String.raw`eind(?:e)?\s+(?:van\s+)?(?:de|deze)\s+maand`,
        String.raw`(?:fim|final)\s+(?:do|deste)\s+mês`,
      ].join('|'),
    ),
    build: (_m, ref) => endOfMonth(ref, 0),
  },
  {
    re: phrase(
      [
        String.raw`end\s+of\s+(?:the\s+)?(?:next|following)\s+week`,
        String.raw`ende\s+(?:der\s+)?nächste[nr]?\s+woche`,
        String.raw`fin\s+de\s+la\s+semaine\s+prochaine`,
        String.raw`(?:fin|finales)\s+de\s+la\s+(?:semana\s+que\s+viene|próxima\s+semana)`,
        String.raw`fine\s+della\s+(?:prossima\s+settimana|settimana\s+prossima)`,
        String.raw`eind(?:e)?\s+(?:van\s+)?volgende\s+week`,
        String.raw`(?:fim|final)\s+da\s+(?:próxima\s+semana|semana\s+que\s+vem)`,
      ].join('|'),
    ),
    build: (_m, ref) => fridayOf(ref, 1),
  },
  {
    re: phrase(
      [
        String.raw`end\s+of\s+(?:the\s+|this\s+)?(?:working\s+)?week`,
        String.raw`ende\s+(?:der|dieser)\s+woche`,
        String.raw`fin\s+de\s+(?:la\s+|cette\s+)?semaine`,
        String.raw`(?:fin|finales)\s+de\s+(?:la\s+|esta\s+)?semana`,
        String.raw`fine\s+(?:della|di\s+questa)\s+settimana`,
        String.raw`eind(?:e)?\s+(?:van\s+)?(?:de|deze)\s+week`,
        String.raw`(?:fim|final)\s+(?:da|desta)\s+semana`,
      ].join('|'),
    ),
    build: (_m, ref) => fridayOf(ref, 0),
  },
  {
    re: phrase(
      [
        String.raw`end\s+of\s+(?:the\s+|this\s+)?year|year[- ]end`,
        String.raw`jahresende|ende\s+(?:des|dieses)\s+jahres`,
        String.raw`fin\s+(?:de\s+l['’]|d['’])année|fin\s+de\s+cette\s+année`,
        String.raw`(?:fin|finales)\s+de(?:l)?\s+año|(?:fin|finales)\s+de\s+este\s+año`,
        String.raw`fine\s+(?:dell['’])?anno|fine\s+di\s+quest['’]anno`,
        String.raw`eind(?:e)?\s+(?:van\s+)?(?:het|dit)\s+jaar`,
        String.raw`(?:fim|final)\s+(?:do|deste)\s+ano`,
      ].join('|'),
    ),
    build: (_m, ref) => utc(ref.getUTCFullYear(), 11, 31),
  },
  {
    re: phrase(String.raw`(?:${END})${MONTH}${OPTIONAL_YEAR}`),
    build: (m, ref) => {
      const { year, monthIndex } = namedMonth(m[1], m[2], ref);
      return utc(year, monthIndex + 1, 0);
    },
  },
  {
    re: phrase(String.raw`(?:the\s+)?day\s+after\s+tomorrow|übermorgen|après-demain|pasado\s+mañana|dopodomani|overmorgen|depois\s+de\s+amanhã`),
    build: (_m, ref) => new Date(ref.getTime() + 2 * DAY_MS),
  },
  {
    // "Friday 13th", "Montag, den 16.", "vendredi 13": the day number decides, the weekday confirms.
    re: phrase(String.raw`${WEEKDAY}${WEEKDAY_JOIN}(\d{1,2})(?:(?:st|nd|rd|th|er|º|\.)(?![\d/:])|${DAY_END})(?!\s*(?:de\s+|of\s+)?${MONTH})`),
    build: (m, ref) => nextDayOfMonth(+m[2], ref, WEEKDAYS[m[1].toLowerCase()]) ?? nextDayOfMonth(+m[2], ref),
  },
  {
    // A day of the month alone: "no later than the 20th", "bis zum 20.", "avant le 20", "para el día 20".
    re: phrase(
      String.raw`(?:the\s+(\d{1,2})(?:st|nd|rd|th)|(?:zum|am)\s+(\d{1,2})\.|(?:avant|pour|d['’]ici)\s+le\s+(\d{1,2})(?:er)?|el\s+día\s+(\d{1,2})|il\s+giorno\s+(\d{1,2}))(?!\s*(?:de\s+|of\s+)?${MONTH})${DAY_END}`,
    ),
    build: (m, ref) => nextDayOfMonth(+(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]), ref),
  },
];
