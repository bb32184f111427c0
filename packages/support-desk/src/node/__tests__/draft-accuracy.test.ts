import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RulesProvider } from '@org/orchestrator-agents';
import { loadSet } from '@org/orchestrator-agents/eval';
import type { LabelledEmail } from '@org/orchestrator-agents/eval';
import { draftAccuracy, runDraftReport, testKnowledgeBase } from '../../../eval/draft-accuracy';
import { draftReadmeSection } from '../../../eval/report';
import { SUPPORT_RULES } from '../support-rules';
import articles from './fixtures/articles.json';

// The draft task's accuracy on the labelled fixture emails (the agents' corpus, `expected.support`):
// the rules' floors, and the README's generated table is what the rules score now.
const provider = new RulesProvider({ rules: SUPPORT_RULES });
const report = runDraftReport(provider, ['fixtures', 'fixtures-held-out']);

const FIXTURE_FLOORS: Record<string, number> = { topArticle: 0.75, orderFacts: 1, noPromise: 1 };

describe('draft_support_answer accuracy (rules provider)', () => {
  it('scores the same support-labelled emails as the agents corpus holds, against the task tests’ knowledge base', async () => {
    const { sets } = await report;
    const labelled = (set: 'fixtures' | 'fixtures-held-out') => loadSet(set).filter((e) => e.expected.support).length;
    expect(sets.map((s) => s.table.counts('topArticle').total)).toEqual([labelled('fixtures'), labelled('fixtures-held-out')]);
    expect(labelled('fixtures')).toBeGreaterThanOrEqual(20);
    expect(testKnowledgeBase()).toEqual(articles);
  }, 60_000);

  it('meets the floors on the fixture emails', async () => {
    const { table } = (await report).sets[0];
    process.stdout.write(table.render(FIXTURE_FLOORS, 22));
    const below = Object.entries(FIXTURE_FLOORS).filter(([field, min]) => table.accuracy(field) < min);
    expect(below).toEqual([]);
  }, 60_000);

  it('never promises or invents an order on the held-out set either', async () => {
    const { table } = (await report).sets[1];
    process.stdout.write(table.render({}, 5));
    expect(table.accuracy('orderFacts')).toBe(1);
    expect(table.accuracy('noPromise')).toBe(1);
  }, 60_000);

  it('keeps the README table generated (npm run eval:support -- --write-readme)', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(draftReadmeSection(await report));
  }, 60_000);
});

describe('the draft scoring', () => {
  const base: LabelledEmail = {
    id: 'x-1',
    email: { subject: 'Where is my order A1?', text: 'It has not arrived.', from: { address: 'c@mail.example' }, receivedAt: '2026-11-27T09:00:00Z' },
    expected: {
      classify: { flow: 'support', intent: 'order-status', urgency: 'normal', language: 'en', sentiment: 'neutral' },
      support: { order: { id: 'A1', status: 'shipped' }, articleIds: ['kb-shipping'] },
    },
  };
  // A provider that writes a fixed draft, to check that each score catches what it is for.
  const answering = (body: string, articleIds: string[]) =>
    new RulesProvider({ rules: { draft_support_answer: () => ({ body, articleIds, confidence: 0.9 }) } });
  const fields = async (body: string, articleIds: string[], email = base) => {
    const table = await draftAccuracy(answering(body, articleIds), [email], articles);
    return Object.fromEntries(table.fields().map((f) => [f, table.accuracy(f)]));
  };

  it('counts a draft that states the order, cites the labelled article first and promises nothing as right', async () => {
    expect(await fields('Your order A1 is currently "shipped".', ['kb-shipping', 'kb-returns'])).toEqual({ topArticle: 1, orderFacts: 1, noPromise: 1 });
  });

  it('catches a wrong first article, a missing order and a promise', async () => {
    expect(await fields('We will refund you today.', ['kb-returns', 'kb-shipping'])).toEqual({ topArticle: 0, orderFacts: 0, noPromise: 0 });
    expect(await fields('Here is a discount code: SAVE10. Order A1.', ['kb-shipping'])).toMatchObject({ noPromise: 0 });
  });

  it('catches an order invented for an email without one', async () => {
    const noOrder: LabelledEmail = { ...base, expected: { ...base.expected, support: { order: null, articleIds: [] } } };
    expect(await fields('Your order Z9 is currently "shipped".', [], noOrder)).toEqual({ topArticle: 1, orderFacts: 0, noPromise: 1 });
  });

  it('skips emails without support labels', async () => {
    const { support: _dropped, ...unlabelled } = base.expected;
    const table = await draftAccuracy(answering('x', []), [{ ...base, expected: unlabelled }], articles);
    expect(table.fields()).toEqual([]);
  });
});
