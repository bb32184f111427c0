/** Lower-cases, strips diacritics and collapses whitespace, so `Anwältin` and `anwaltin` compare equal. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A whole-word matcher for `term` in folded text: `sue` matches "I will sue" but not "issue" or
 * "suede"; a trailing `s` is allowed for plurals; spaces in the term match any whitespace.
 */
export function wordMatcher(term: string): RegExp {
  const body = foldText(term.trim()).split(' ').map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}s?(?![\\p{L}\\p{N}])`, 'u');
}
