/**
 * Scores the procurement flow's agent tasks (`extract_purchase_request`, `read_quote`) on the
 * agents' labelled corpora (their `expected.purchaseRequest` and `expected.quote` labels, read
 * through `@org/orchestrator-agents/eval`, so the emails have one home): the same fields and the
 * same comparisons the agents package scored them with before the tasks moved here.
 */
import { runAgentTask } from '@org/orchestrator-agents';
import type { AgentProvider } from '@org/orchestrator-agents';
import { AccuracyTable, CORPUS_SETS, CORPUS_SET_DESCRIPTIONS, loadSet, overallAccuracy } from '@org/orchestrator-agents/eval';
import type { CorpusSet, LabelledEmail } from '@org/orchestrator-agents/eval';
import { extractPurchaseRequestTask } from '../src/node/tasks/extract-purchase-request';
import { readQuoteTask } from '../src/node/tasks/read-quote';

/** Every labelled set has requests and quotes. */
export const PROCUREMENT_SETS = CORPUS_SETS;
export type ProcurementSet = CorpusSet;
/** What each set is, for the printed report (the paths are the agents package's). */
export const PROCUREMENT_SET_DESCRIPTIONS = Object.fromEntries(
  PROCUREMENT_SETS.map((set) => [set, `packages/agents: ${CORPUS_SET_DESCRIPTIONS[set]}`]),
) as Record<ProcurementSet, string>;

/** Free text labels (names, locations) are substrings to find. */
const includes = (haystack: string | null | undefined, needle: string) => Boolean(haystack && haystack.toLowerCase().includes(needle.toLowerCase()));

export interface ProcurementSetReport {
  set: ProcurementSet;
  /** The emails of the set that carry a request or a quote label. */
  emails: number;
  tables: AccuracyTable[];
}

export interface ProcurementReport {
  provider: string;
  sets: ProcurementSetReport[];
}

/** Scores `provider` on each set: one table per task. */
export async function runProcurementReport(provider: AgentProvider, sets: readonly ProcurementSet[]): Promise<ProcurementReport> {
  const out: ProcurementSetReport[] = [];
  for (const set of sets) {
    const emails = loadSet(set);
    const label = ` [${set}]`;
    const tables = [await extractTable(provider, emails, label), await quoteTable(provider, emails, label)];
    out.push({ set, emails: emails.filter((e) => e.expected.purchaseRequest || e.expected.quote).length, tables });
  }
  return { provider: provider.name, sets: out };
}

/** Hits and total over both tasks' fields of a set. */
export function procurementOverall(s: ProcurementSetReport): { hits: number; total: number } {
  return overallAccuracy(s.tables);
}

/** Extracts every request-labelled email of `emails` with `provider` and scores each labelled field. */
export async function extractTable(provider: AgentProvider, emails: readonly LabelledEmail[], label = ''): Promise<AccuracyTable> {
  const cases = emails.filter((e) => e.expected.purchaseRequest);
  const table = new AccuracyTable(`extractPurchaseRequest${label} (${cases.length} requests)`);
  for (const { id, email, expected } of cases) {
    const want = expected.purchaseRequest;
    if (!want) continue;
    const { output } = await runAgentTask(provider, extractPurchaseRequestTask, email);
    const sameCount = output.items.length === want.items.length;
    table.record('items.count', id, sameCount, output.items.length);
    table.record(
      'items.name',
      id,
      sameCount && want.items.every((w, i) => includes(output.items[i].name, w.name)),
      output.items.map((i) => i.name),
    );
    table.record(
      'items.quantity',
      id,
      sameCount && want.items.every((w, i) => output.items[i].quantity === w.quantity),
      output.items.map((i) => i.quantity),
    );
    table.record(
      'items.unit',
      id,
      sameCount && want.items.every((w, i) => output.items[i].unit === w.unit),
      output.items.map((i) => i.unit),
    );
    table.record('budget', id, output.budget === want.budget, output.budget);
    table.record('currency', id, output.currency === want.currency, output.currency);
    table.record('neededBy', id, output.neededBy === want.neededBy, output.neededBy);
    table.record(
      'deliveryLocation',
      id,
      want.deliveryLocation === null ? output.deliveryLocation === null : includes(output.deliveryLocation, want.deliveryLocation),
      output.deliveryLocation,
    );
    table.record('requester', id, want.requester === null ? output.requester === null : includes(output.requester, want.requester), output.requester);
    table.record('missing', id, [...output.missing].sort().join() === [...want.missing].sort().join(), output.missing);
  }
  return table;
}

/** Reads every quote-labelled email of `emails` with `provider` and scores each labelled field. */
export async function quoteTable(provider: AgentProvider, emails: readonly LabelledEmail[], label = ''): Promise<AccuracyTable> {
  const cases = emails.filter((e) => e.expected.quote);
  const table = new AccuracyTable(`readQuote${label} (${cases.length} supplier replies)`);
  for (const { id, email, expected } of cases) {
    const want = expected.quote;
    if (!want) continue;
    const { output } = await runAgentTask(provider, readQuoteTask, email);
    const prices = output.lines.map((l) => l.unitPrice);
    table.record('status', id, output.status === want.status, output.status);
    table.record('unitPrices', id, JSON.stringify(prices) === JSON.stringify(want.unitPrices), prices);
    table.record('total', id, output.total === want.total, output.total);
    table.record('currency', id, output.currency === want.currency, output.currency);
    table.record('leadTimeDays', id, output.leadTimeDays === want.leadTimeDays, output.leadTimeDays);
    table.record('validUntil', id, output.validUntil === want.validUntil, output.validUntil);
    const conditions = want.conditions;
    if (conditions) {
      const ok = conditions.every((c) => output.conditions.some((o) => includes(o, c))) && (conditions.length > 0 || output.conditions.length === 0);
      table.record('conditions', id, ok, output.conditions);
    }
  }
  return table;
}
