/** Renders a draft report as text and as the support-desk README's generated block. */
import { generatedBlockMarkers } from '@org/orchestrator-agents/eval';
import { DRAFT_SET_DESCRIPTIONS } from './draft-accuracy';
import type { DraftReport } from './draft-accuracy';

export const README_MARKERS = generatedBlockMarkers('draft-accuracy', 'npm run eval:support -- --write-readme');

/** Plain text: the provider, then per set its description and table (with misses when asked). */
export function renderDraftReport(report: DraftReport, options: { misses: boolean }): string {
  const parts = [`provider: ${report.provider}\n`];
  for (const { set, table } of report.sets) parts.push(`\n== ${DRAFT_SET_DESCRIPTIONS[set]}\n${table.render({}, options.misses ? 4 : 0)}`);
  return parts.join('');
}

/** The README block: one row per set. */
export function draftReadmeSection(report: DraftReport): string {
  const lines = [README_MARKERS.begin, '', '| set | task | per field |', '|---|---|---|'];
  for (const { set, table } of report.sets) lines.push(`| ${set} | ${table.title.replace(/ \[.*?\]/, '')} | ${table.fieldSummary()} |`);
  lines.push('', README_MARKERS.end);
  return lines.join('\n');
}
