/** Reply prefixes of common mail clients and languages: Re, AW (German), SV (Nordic), Antw, RIF, Res, Odp, Vá … */
const REPLY_PREFIX = /^\s*(re|aw|sv|antw|antwort|rif|res|odp|vá|ynt|atb|vs)\s*(\[\d+\]|\(\d+\))?\s*:\s*/i;

/**
 * The subject of a reply: exactly one `Re: ` in front of the original subject, whatever reply
 * prefixes it already had (`RE:`, `Re: Re:`, `AW:`, `Re[2]:` …). Forward prefixes (`Fwd:`) stay.
 * @example replySubject('AW: Re: Angebot') // 'Re: Angebot'
 */
export function replySubject(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim();
  for (let match = REPLY_PREFIX.exec(rest); match; match = REPLY_PREFIX.exec(rest)) rest = rest.slice(match[0].length);
  return `Re: ${rest || '(no subject)'}`;
}
