/** Runs the corpora through a provider and renders the result as text and as README Markdown. */
import { createAgents } from '../src/agent';
import type { AgentProvider } from '../src/task';
import { overallAccuracy, percent as pct } from '../src/eval/accuracy-table';
import { CORPUS_SET_DESCRIPTIONS, loadSet } from '../src/eval/corpus';
import type { CorpusSet } from '../src/eval/corpus';
import { evaluate } from './evaluate';
import type { Evaluation } from './evaluate';
import type { Fit } from './calibrate-intent';
import { generatedBlockMarkers } from '../src/eval/generated-block';

export interface SetReport extends Evaluation {
  set: CorpusSet;
  emails: number;
}

export interface Report {
  provider: string;
  sets: SetReport[];
}

export const README_MARKERS = generatedBlockMarkers('accuracy', 'npm run eval:agents -- --write-readme');

/** Evaluates `provider` on each set. */
export async function runReport(provider: AgentProvider, sets: readonly CorpusSet[]): Promise<Report> {
  const agents = createAgents(provider);
  const out: SetReport[] = [];
  for (const set of sets) {
    const emails = loadSet(set);
    out.push({ set, emails: emails.length, ...(await evaluate(agents, emails, ` [${set}]`)) });
  }
  return { provider: provider.name, sets: out };
}

/** One line: overall field accuracy and calibration of a set. */
export function summaryLine(s: SetReport): string {
  const all = overallAccuracy(s.tables);
  const c = s.calibration;
  return (
    `${s.set}: ${s.emails} emails, ${pct(all.hits, all.total)} of ${all.total} labelled fields right; ` +
    `wrong flow/intent ${c.wrong}, of which ${c.wrongFlagged} (${pct(c.wrongFlagged, c.wrong)}) below confidence ${c.threshold}; ` +
    `right ones below it: ${c.rightFlagged} of ${c.right}`
  );
}

/** Plain-text report: a summary line and the tables (with misses when asked) per set. */
export function renderReport(report: Report, options: { misses: boolean }): string {
  const parts = [`provider: ${report.provider}\n`];
  for (const s of report.sets) {
    parts.push(`\n== ${CORPUS_SET_DESCRIPTIONS[s.set]}\n${summaryLine(s)}\n`);
    for (const t of s.tables) parts.push(t.render({}, options.misses ? 4 : 0));
  }
  return parts.join('');
}

/**
 * The README block: overall figures and one row per task and set. `crossValidated` is the rules
 * classifier's calibration on mail it did not train on (the development rows are in-sample, so
 * they show no mistakes to flag).
 */
export function readmeSection(report: Report, crossValidated?: Fit): string {
  const lines = [
    README_MARKERS.begin,
    '',
    '| set | emails | fields right | wrong flow/intent flagged (conf. < threshold) | right ones flagged |',
    '|---|---|---|---|---|',
  ];
  if (crossValidated) {
    const c = crossValidated.counts;
    lines.push(
      `| dev + fixtures, 5-fold cross-validated (classification only) | ${c.wrong + c.right} | intent ${pct(c.right, c.wrong + c.right)} | ` +
        `${c.wrongFlagged}/${c.wrong} (${pct(c.wrongFlagged, c.wrong)}) | ${c.rightFlagged}/${c.right} |`,
    );
  }
  for (const s of report.sets) {
    const all = overallAccuracy(s.tables);
    const c = s.calibration;
    lines.push(
      `| ${s.set} | ${s.emails} | ${pct(all.hits, all.total)} (${all.hits}/${all.total}) | ${c.wrongFlagged}/${c.wrong} (${pct(c.wrongFlagged, c.wrong)}) | ${c.rightFlagged}/${c.right} |`,
    );
  }
  lines.push('', '| set | task | per field |', '|---|---|---|');
  for (const s of report.sets) for (const t of s.tables) lines.push(`| ${s.set} | ${t.title.replace(/ \[.*?\]/, '')} | ${t.fieldSummary()} |`);
  lines.push('', README_MARKERS.end);
  return lines.join('\n');
}
