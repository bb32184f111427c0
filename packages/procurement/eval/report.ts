/** Renders a procurement accuracy report as text and as the procurement README's generated block. */
import { generatedBlockMarkers, percent } from '@org/orchestrator-agents/eval';
import { PROCUREMENT_SET_DESCRIPTIONS, procurementOverall } from './procurement-accuracy';
import type { ProcurementReport } from './procurement-accuracy';

export const README_MARKERS = generatedBlockMarkers('procurement-accuracy', 'npm run eval:procurement -- --write-readme');

/** Plain text: the provider, then per set its description, the overall line and the tables (with misses when asked). */
export function renderProcurementReport(report: ProcurementReport, options: { misses: boolean }): string {
  const parts = [`provider: ${report.provider}\n`];
  for (const s of report.sets) {
    const all = procurementOverall(s);
    parts.push(
      `\n== ${PROCUREMENT_SET_DESCRIPTIONS[s.set]}\n${s.set}: ${s.emails} requests and quotes, ${percent(all.hits, all.total)} of ${all.total} labelled fields right\n`,
    );
    for (const t of s.tables) parts.push(t.render({}, options.misses ? 4 : 0));
  }
  return parts.join('');
}

/** The README block: per set the overall figure, then one row per task and set. */
export function procurementReadmeSection(report: ProcurementReport): string {
  const lines = [README_MARKERS.begin, '', '| set | requests and quotes | fields right |', '|---|---|---|'];
  for (const s of report.sets) {
    const all = procurementOverall(s);
    lines.push(`| ${s.set} | ${s.emails} | ${percent(all.hits, all.total)} (${all.hits}/${all.total}) |`);
  }
  lines.push('', '| set | task | per field |', '|---|---|---|');
  for (const s of report.sets) for (const t of s.tables) lines.push(`| ${s.set} | ${t.title.replace(/ \[.*?\]/, '')} | ${t.fieldSummary()} |`);
  lines.push('', README_MARKERS.end);
  return lines.join('\n');
}
