import { createAgents } from '../agent';
import { RulesProvider } from '../providers/rules/rules-provider';
import { INTENT_COMBINATION } from '../providers/rules/classify';
import { CLASSIFY_CONFIDENCE_THRESHOLD } from '../tasks/classify-thread';
import { overallAccuracy } from '../eval/accuracy-table';
import type { AccuracyTable } from '../eval/accuracy-table';
import { evaluateCombination } from '../../eval/calibrate-intent';
import { loadSet } from '../eval/corpus';
import type { CorpusSet } from '../eval/corpus';
import { evaluate } from '../../eval/evaluate';
import type { Evaluation } from '../../eval/evaluate';

// Accuracy of the rules provider's classification on the labelled corpora (corpus/*.jsonl and the
// earlier fixtures); the flows' tasks are held to their floors in their packages (procurement, support-desk).
// The floors are measured figures less about one miss per field: regression guards, justified in
// README.md. `npm run eval:agents -- --misses` prints the same tables with the misses.
const agents = createAgents(new RulesProvider());
const cache = new Map<CorpusSet, Promise<Evaluation>>();
const evaluated = (set: CorpusSet) => {
  if (!cache.has(set)) cache.set(set, evaluate(agents, loadSet(set), ` [${set}]`));
  return cache.get(set) as Promise<Evaluation>;
};

type Floors = Record<string, Record<string, number>>;

const DEV_FLOORS: Floors = {
  classifyThread: { flow: 0.97, intent: 0.97, urgency: 0.95, language: 0.95, sentiment: 0.88 },
};

const FIXTURE_FLOORS: Floors = {
  classifyThread: { flow: 0.95, intent: 0.95, urgency: 0.9, language: 0.95, sentiment: 0.9 },
};

function belowFloors(tables: readonly AccuracyTable[], floors: Floors): string[] {
  const out: string[] = [];
  for (const table of tables) {
    const task = table.title.split(' ')[0];
    process.stdout.write(table.render(floors[task] ?? {}));
    for (const [field, min] of Object.entries(floors[task] ?? {})) {
      if (table.accuracy(field) < min) out.push(`${task}.${field}: ${table.accuracy(field).toFixed(2)} < ${min}`);
    }
  }
  return out;
}

const share = ({ hits, total }: { hits: number; total: number }) => hits / total;

describe('rules provider accuracy', () => {
  it('has a development corpus of at least 150 fresh emails and a held-out corpus of at least 40, of every kind', () => {
    const dev = loadSet('dev');
    const heldOut = loadSet('held-out');
    expect(dev.length).toBeGreaterThanOrEqual(150);
    expect(heldOut.length).toBeGreaterThanOrEqual(40);
    expect(new Set([...dev, ...heldOut].map((e) => e.id)).size).toBe(dev.length + heldOut.length);
    for (const set of [dev, heldOut]) {
      const kinds = new Set(set.map((e) => `${e.expected.classify.flow}/${e.expected.classify.intent}`));
      expect(kinds.size).toBe(8);
      expect(new Set(set.map((e) => e.expected.classify.language)).size).toBeGreaterThanOrEqual(6);
    }
  });

  it('meets the floors on the development corpus', async () => {
    const { tables } = await evaluated('dev');
    expect(belowFloors(tables, DEV_FLOORS)).toEqual([]);
  }, 60_000);

  it('meets the floors on the earlier fixtures', async () => {
    const { tables } = await evaluated('fixtures');
    expect(belowFloors(tables, FIXTURE_FLOORS)).toEqual([]);
  }, 60_000);

  // Out of sample: written before the rules were tuned, never tuned on. The floors catch a collapse;
  // the printed figures are the honest estimate for unseen mail.
  it('keeps at least 90% of the labelled fields right on the held-out corpus', async () => {
    const { tables } = await evaluated('held-out');
    belowFloors(tables, {});
    expect(share(overallAccuracy(tables))).toBeGreaterThanOrEqual(0.9);
    expect(tables[0].accuracy('flow')).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it("keeps at least 88% of the labelled fields right on the project's own held-out set", async () => {
    const { tables } = await evaluated('fixtures-held-out');
    belowFloors(tables, {});
    expect(share(overallAccuracy(tables))).toBeGreaterThanOrEqual(0.88);
  }, 60_000);
});

describe('classification confidence', () => {
  it('flags at least 80% of the wrong answers on mail the model did not train on (5-fold cross-validation)', () => {
    const fit = evaluateCombination(INTENT_COMBINATION);
    process.stdout.write(
      `cross-validated: accuracy ${fit.accuracy.toFixed(3)}, wrong below ${CLASSIFY_CONFIDENCE_THRESHOLD}: ${fit.wrongFlagged.toFixed(2)}, right below: ${fit.rightFlagged.toFixed(2)}\n`,
    );
    expect(fit.wrongFlagged).toBeGreaterThanOrEqual(0.8);
    // Handing everything to a human would flag every mistake too: needless handoffs stay rare.
    expect(fit.rightFlagged).toBeLessThanOrEqual(0.1);
  }, 60_000);

  it('reports what it flags on the held-out corpus', async () => {
    const { calibration } = await evaluated('held-out');
    process.stdout.write(
      `held-out: ${calibration.wrongFlagged}/${calibration.wrong} wrong answers below ${calibration.threshold}, ${calibration.rightFlagged}/${calibration.right} right ones\n`,
    );
    expect(calibration.rightFlagged / calibration.right).toBeLessThanOrEqual(0.15);
  }, 60_000);
});
