/**
 * Scores the support flow's `draft_support_answer` task on the labelled fixture emails (their
 * `expected.support` labels: the order to state and the article to rely on first), read from the
 * agents' corpus so the emails have one home, against the test knowledge base next to the task's tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAgentTask } from '@org/orchestrator-agents';
import type { AgentProvider } from '@org/orchestrator-agents';
import { AccuracyTable, CORPUS_SET_DESCRIPTIONS, loadSet } from '@org/orchestrator-agents/eval';
import type { CorpusSet, LabelledEmail } from '@org/orchestrator-agents/eval';
import { draftSupportAnswerTask } from '../src/node/tasks/draft-support-answer';
import type { KnowledgeArticle } from '../src/node/tasks/draft-support-answer';

/** The sets with support labels (the fresh corpora have none). */
export const DRAFT_SETS = ['fixtures', 'fixtures-held-out'] as const satisfies readonly CorpusSet[];
export type DraftSet = (typeof DRAFT_SETS)[number];
/** What each set is, for the printed report (the paths are the agents package's). */
export const DRAFT_SET_DESCRIPTIONS = Object.fromEntries(DRAFT_SETS.map((set) => [set, `packages/agents: ${CORPUS_SET_DESCRIPTIONS[set]}`])) as Record<
  DraftSet,
  string
>;

/** A draft never commits to a consequence: refunds, discounts and address changes are policy decisions. */
const PROMISE = /\b(we (have|will) (refund|issue|credit)|refund (has been|was) issued|discount code|changed your (e-?mail|address))\b/i;
/** The rules' order sentence in English: a draft without an order must not invent one. */
const INVENTED_ORDER = /your order \S+ is currently/i;

/** The knowledge base the drafts are scored against (the task tests' articles). */
export function testKnowledgeBase(): KnowledgeArticle[] {
  return JSON.parse(readFileSync(join(__dirname, '..', 'src/node/__tests__/fixtures/articles.json'), 'utf8')) as KnowledgeArticle[];
}

/** Drafts an answer to every support-labelled email of `emails` with `provider` and scores topArticle, orderFacts and noPromise. */
export async function draftAccuracy(
  provider: AgentProvider,
  emails: readonly LabelledEmail[],
  articles: readonly KnowledgeArticle[],
  label = '',
): Promise<AccuracyTable> {
  const cases = emails.filter((e) => e.expected.support);
  const table = new AccuracyTable(`draftSupportAnswer${label} (${cases.length} customer emails)`);
  for (const { id, email, expected } of cases) {
    const want = expected.support;
    if (!want) continue;
    const { output } = await runAgentTask(provider, draftSupportAnswerTask, { message: email, facts: { order: want.order, articles: [...articles] } });
    table.record('topArticle', id, (output.articleIds[0] ?? null) === (want.articleIds[0] ?? null), output.articleIds);
    table.record('orderFacts', id, want.order ? output.body.includes(want.order.id) : !INVENTED_ORDER.test(output.body));
    table.record('noPromise', id, !PROMISE.test(output.body));
  }
  return table;
}

export interface DraftReport {
  provider: string;
  sets: { set: DraftSet; table: AccuracyTable }[];
}

/** Scores `provider` on each set. */
export async function runDraftReport(provider: AgentProvider, sets: readonly DraftSet[]): Promise<DraftReport> {
  const articles = testKnowledgeBase();
  const out: DraftReport['sets'] = [];
  for (const set of sets) out.push({ set, table: await draftAccuracy(provider, loadSet(set), articles, ` [${set}]`) });
  return { provider: provider.name, sets: out };
}
