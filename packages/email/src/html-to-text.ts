const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A plain rendering of HTML: blocks become lines, tags and scripts go, common entities are decoded.
 * Only a fallback for when mailparser could not convert an HTML part (see `textConversionError`).
 */
export function htmlToPlainText(html: string): string {
  // Every pattern stops at the next `<` (or finds its end with indexOf): with `[^>]*` or a lazy
  // `[\s\S]*?`, many unclosed tags make a regex quadratic, and HTML mail is the sender's to write.
  return withoutHiddenElements(html)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)\s*>/gi, '\n')
    .replace(/<li\b[^<>]*>/gi, '* ')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
      if (code[0] === '#') {
        const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
      }
      return ENTITIES[code.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `html` without `<script>`, `<style>` and `<head>` elements; an unclosed one hides the rest, as in a browser. */
function withoutHiddenElements(html: string): string {
  const lower = html.toLowerCase();
  const open = /<(script|style|head)\b/gi;
  let out = '';
  let from = 0;
  for (let match = open.exec(html); match; match = open.exec(html)) {
    out += html.slice(from, match.index);
    const close = lower.indexOf(`</${(match[1] as string).toLowerCase()}`, open.lastIndex);
    if (close < 0) return out;
    const end = lower.indexOf('>', close);
    if (end < 0) return out;
    from = end + 1;
    open.lastIndex = from;
  }
  return out + html.slice(from);
}
