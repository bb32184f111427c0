/**
 * `text` with each section between `<!-- <kind>:<id> -->` and `<!-- /<kind>:<id> -->` replaced by
 * `sections[id]` (the generated parts of the READMEs and docs/ARCHITECTURE.md); throws, naming
 * `file`, when a marker pair is missing.
 */
export function withMarkedSections(file: string, text: string, kind: string, sections: Record<string, string>): string {
  let result = text;
  for (const [id, body] of Object.entries(sections)) {
    const start = `<!-- ${kind}:${id} -->`;
    const end = `<!-- /${kind}:${id} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file}: no ${start} … ${end} section`);
    result = `${result.slice(0, from + start.length)}\n${body}\n${result.slice(to)}`;
  }
  return result;
}
