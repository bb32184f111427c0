/**
 * Scores a provider on a labelled set: one accuracy table per task, the overall field accuracy and
 * how well the classification's confidence flags its own mistakes. Used by the accuracy tests and
 * by the `eval:agents` command, so both print the same figures.
 */
import type { Agents } from '../src/agent';
import { CLASSIFY_CONFIDENCE_THRESHOLD } from '../src/tasks/classify-thread';
import { AccuracyTable } from './accuracy-table';
import type { LabelledEmail } from './corpus';

/** How the classification's confidence relates to its mistakes. */
export interface Calibration {
  threshold: number;
  /** Emails whose flow or intent was wrong. */
  wrong: number;
  /** Of those, how many carried a confidence below the threshold (the flows hand them to a human). */
  wrongFlagged: number;
  /** Emails classified right. */
  right: number;
  /** Of those, how many were below the threshold anyway (needless handoffs). */
  rightFlagged: number;
}

export interface Evaluation {
  tables: AccuracyTable[];
  calibration: Calibration;
}

const includes = (haystack: string | null | undefined, needle: string) => Boolean(haystack && haystack.toLowerCase().includes(needle.toLowerCase()));

/** Hits / total over every field of every table. */
export function overallAccuracy(tables: readonly AccuracyTable[]): { hits: number; total: number } {
  return tables.reduce(
    (sum, t) => {
      for (const f of t.fields()) {
        const { hits, total } = t.counts(f);
        sum.hits += hits;
        sum.total += total;
      }
      return sum;
    },
    { hits: 0, total: 0 },
  );
}

/** Runs every labelled task of `emails` through `agents` and scores the answers. */
export async function evaluate(agents: Agents, emails: readonly LabelledEmail[], label = ''): Promise<Evaluation> {
  const { table: classify, calibration } = await classifyTable(agents, emails, label);
  const tables = [classify, await extractTable(agents, emails, label), await quoteTable(agents, emails, label)];
  return { tables: tables.filter((t) => t.fields().length > 0), calibration };
}

async function classifyTable(agents: Agents, emails: readonly LabelledEmail[], label: string) {
  const table = new AccuracyTable(`classifyThread${label} (${emails.length} emails)`);
  const calibration: Calibration = { threshold: CLASSIFY_CONFIDENCE_THRESHOLD, wrong: 0, wrongFlagged: 0, right: 0, rightFlagged: 0 };
  for (const { id, email, expected } of emails) {
    const { output } = await agents.classifyThread(email);
    for (const field of ['flow', 'intent', 'urgency', 'language', 'sentiment'] as const) {
      table.record(field, id, output[field] === expected.classify[field], output[field]);
    }
    const right = output.flow === expected.classify.flow && output.intent === expected.classify.intent;
    const flagged = output.confidence < CLASSIFY_CONFIDENCE_THRESHOLD;
    if (right) {
      calibration.right++;
      if (flagged) calibration.rightFlagged++;
    } else {
      calibration.wrong++;
      if (flagged) calibration.wrongFlagged++;
    }
  }
  return { table, calibration };
}

async function extractTable(agents: Agents, emails: readonly LabelledEmail[], label: string): Promise<AccuracyTable> {
  const cases = emails.filter((e) => e.expected.purchaseRequest);
  const table = new AccuracyTable(`extractPurchaseRequest${label} (${cases.length} requests)`);
  for (const { id, email, expected } of cases) {
    const want = expected.purchaseRequest;
    if (!want) continue;
    const { output } = await agents.extractPurchaseRequest(email);
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

async function quoteTable(agents: Agents, emails: readonly LabelledEmail[], label: string): Promise<AccuracyTable> {
  const cases = emails.filter((e) => e.expected.quote);
  const table = new AccuracyTable(`readQuote${label} (${cases.length} supplier replies)`);
  for (const { id, email, expected } of cases) {
    const want = expected.quote;
    if (!want) continue;
    const { output } = await agents.readQuote(email);
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
