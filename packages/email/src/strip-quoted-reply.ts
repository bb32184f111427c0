/**
 * Lines that introduce quoted history: attribution lines ("On … wrote:") in common languages,
 * "Original Message" separators, and Outlook's underscore rule.
 */
const ATTRIBUTION = [
  /^on\b.{0,300}\bwrote:$/i, // English (Gmail, Apple Mail, Thunderbird)
  /^am\b.{0,300}\bschrieb\b.{0,300}:$/i, // German
  /^le\b.{0,300}\ba écrit ?:$/i, // French
  /^el\b.{0,300}\bescribió:$/i, // Spanish
  /^em\b.{0,300}\bescreveu:$/i, // Portuguese
  /^il\b.{0,300}\bha scritto:$/i, // Italian
  /^op\b.{0,300}\bschreef\b.{0,300}:$/i, // Dutch
  /^den\b.{0,300}\bskrev\b.{0,300}:$/i, // Swedish / Danish / Norwegian
  /^.{0,300}\b(wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef|skrev|napisał\(a\)|написал\(а\)):$/i,
];
const SEPARATOR = [
  /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|ursprungligt meddelande)\s*-{2,}$/i,
  /^_{20,}$/,
];
/** A forwarded message starts here: it is content to read, so nothing after it is cut. */
const FORWARDED = /^(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-{2,}|begin forwarded message:)$/i;
/** Outlook's header block: `From:` then, within a few lines, `Sent:`/`Date:` (localised). */
const OUTLOOK_FROM = /^\*?(from|von|de|da|van|från|fra)\s?:\*?\s/i;
const OUTLOOK_SENT = /^\*?(sent|date|gesendet|datum|envoyé|date d'envoi|enviado|inviato|verzonden|skickat|sendt)\s?:\*?\s/i;

function startsHistory(lines: readonly string[], index: number): boolean {
  const line = (lines[index] as string).trim();
  if (!line) return false;
  if (SEPARATOR.some((pattern) => pattern.test(line))) return true;
  // Attribution lines are often wrapped over two lines by the quoting client.
  const joined = `${line} ${(lines[index + 1] ?? '').trim()}`.trim();
  if (ATTRIBUTION.some((pattern) => pattern.test(line) || pattern.test(joined))) return line.length < 400;
  if (OUTLOOK_FROM.test(line)) {
    for (let next = index + 1; next < Math.min(lines.length, index + 5); next++) {
      if (OUTLOOK_SENT.test((lines[next] as string).trim())) return true;
    }
  }
  return false;
}

/**
 * The new content of a reply, without the history it quotes: removes everything from the first
 * attribution line ("On … wrote:", "Am … schrieb …:", "Le … a écrit :", …), "-----Original
 * Message-----" separator or Outlook "From: … Sent: …" block on, and every `>`-quoted line
 * (so inline answers between quotes are kept). Forwarded messages are content and stay.
 *
 * Agents read this; the full text stays in the message. When nothing would be left (a message
 * that only quotes), the text is returned as it was, trimmed.
 * @example
 * stripQuotedReply('Yes, 12 chairs.\n\nOn Tue, 1 Jul 2025 Maria wrote:\n> How many?') // 'Yes, 12 chairs.'
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (FORWARDED.test((lines[i] as string).trim())) break;
    if (startsHistory(lines, i)) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).filter((line) => !/^\s*>/.test(line));
  const result = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return result || text.trim();
}
