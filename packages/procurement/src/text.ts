const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'with', 'x']);

/**
 * Lowercase word stems without stop words, so "Laptops" matches "laptop" and "batteries"
 * matches "battery". Deliberately crude: names in quotes and requests are short.
 * @internal
 */
export function stems(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !STOP_WORDS.has(w))
    .map((w) => {
      if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
      if (w.length > 3 && /(s|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
      if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
      return w;
    });
}
