/**
 * The labelled corpora the agents are measured on. Fresh corpora are JSON Lines under `corpus/`
 * (one compact record per email, see {@link CorpusRecord}); the older fixture sets are JSON arrays
 * under `src/__tests__/fixtures/emails/`. Both load into {@link LabelledEmail}. Besides the
 * classification labels the emails carry the flows' labels, which the flows' packages score from here
 * (`@org/orchestrator-agents/eval`), so the corpus has one home: purchase requests and quotes
 * (procurement) and, in the fixture emails, the support flow's draft labels (support-desk).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassifyThreadOutput } from '../tasks/classify-thread';
import type { PurchaseRequestField } from '@org/orchestrator-contracts';
import type { AgentEmail } from '../task';

// Two levels up from src/eval/ (sources) and from dist/eval/ (the build) alike.
const PACKAGE_DIR = join(__dirname, '..', '..');
const FIXTURES_DIR = join(PACKAGE_DIR, 'src/__tests__/fixtures');

/** Labels of one email. String labels of free text (names, locations) are substrings to find. */
export interface LabelledEmail {
  id: string;
  /** For prompt-injection fixtures: the clean email this one attacks. */
  variantOf?: string;
  email: AgentEmail & { from: { address: string; name?: string }; receivedAt: string };
  expected: {
    classify: Omit<ClassifyThreadOutput, 'confidence'>;
    /** The purchase request to read (scored by the procurement package, whose task it is). */
    purchaseRequest?: {
      items: { name: string; quantity: number | null; unit: string | null }[];
      budget: number | null;
      currency: string | null;
      neededBy: string | null;
      deliveryLocation: string | null;
      requester: string | null;
      missing: PurchaseRequestField[];
    };
    /** The supplier's quote to read (scored by the procurement package). */
    quote?: {
      status: 'quoted' | 'declined';
      unitPrices: number[];
      total: number | null;
      currency: string | null;
      leadTimeDays: number | null;
      validUntil: string | null;
      /** Substrings that must each occur in some returned condition; absent: not labelled. */
      conditions?: string[];
    };
    /** The support facts and articles a draft should use (scored by the support flow's package, whose task it is). */
    support?: { order: { id: string; status: string; [key: string]: unknown } | null; articleIds: string[] };
  };
}

/** One line of a `corpus/*.jsonl` file: the compact form the fresh corpora are written in. */
export interface CorpusRecord {
  id: string;
  /** Subject, text, sender (`Name <address>` or `<address>`), received-at (default 2026-11-27T09:00:00Z). */
  s: string;
  t: string;
  f: string;
  at?: string;
  /** flow, intent, urgency, language, sentiment. */
  c: [string, string, string, string, string];
  pr?: {
    items: [string, number | null, string | null][];
    budget: number | null;
    cur: string | null;
    by: string | null;
    loc: string | null;
    req: string | null;
    missing: string[];
  };
  q?: { status: 'quoted' | 'declined'; prices: number[]; total: number | null; cur: string | null; lead: number | null; valid: string | null };
}

const DEFAULT_RECEIVED_AT = '2026-11-27T09:00:00Z';

/** Converts one compact record; throws on a malformed sender so a typo cannot silently drop a label. */
export function fromRecord(r: CorpusRecord): LabelledEmail {
  const sender = r.f.match(/^\s*([^<]*?)\s*<([^>]+)>\s*$/);
  if (!sender) throw new Error(`${r.id}: sender must be "Name <address>" or "<address>", got ${JSON.stringify(r.f)}`);
  const [flow, intent, urgency, language, sentiment] = r.c;
  return {
    id: r.id,
    email: {
      subject: r.s,
      text: r.t,
      from: sender[1] ? { address: sender[2], name: sender[1] } : { address: sender[2] },
      receivedAt: r.at ?? DEFAULT_RECEIVED_AT,
    },
    expected: {
      classify: { flow, intent, urgency, language, sentiment } as LabelledEmail['expected']['classify'],
      ...(r.pr && {
        purchaseRequest: {
          items: r.pr.items.map(([name, quantity, unit]) => ({ name, quantity, unit })),
          budget: r.pr.budget,
          currency: r.pr.cur,
          neededBy: r.pr.by,
          deliveryLocation: r.pr.loc,
          requester: r.pr.req,
          missing: r.pr.missing as PurchaseRequestField[],
        },
      }),
      ...(r.q && {
        quote: { status: r.q.status, unitPrices: r.q.prices, total: r.q.total, currency: r.q.cur, leadTimeDays: r.q.lead, validUntil: r.q.valid },
      }),
    },
  };
}

/** Reads a `corpus/*.jsonl` file. */
export function readCorpusFile(name: string): LabelledEmail[] {
  return readFileSync(join(PACKAGE_DIR, 'corpus', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => fromRecord(JSON.parse(line) as CorpusRecord));
}

function readFixtures(name: string): LabelledEmail[] {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'emails', name), 'utf8')) as LabelledEmail[];
}

/** Names of the labelled sets, in report order. */
export const CORPUS_SETS = ['dev', 'held-out', 'fixtures', 'fixtures-held-out'] as const;
export type CorpusSet = (typeof CORPUS_SETS)[number];

/** What each set is, for the printed report. */
export const CORPUS_SET_DESCRIPTIONS: Record<CorpusSet, string> = {
  dev: 'development corpus (corpus/dev-*.jsonl): written fresh, used to tune the rules and train the intent model',
  'held-out': 'held-out corpus (corpus/held-out.jsonl): written before any tuning, never tuned on',
  fixtures: 'the earlier fixture emails (src/__tests__/fixtures/emails, development part)',
  'fixtures-held-out': "the project's own held-out set (src/__tests__/fixtures/emails/held-out.json)",
};

/** Loads one labelled set. */
export function loadSet(set: CorpusSet): LabelledEmail[] {
  switch (set) {
    case 'dev':
      return ['dev-purchase-requests.jsonl', 'dev-quotes.jsonl', 'dev-support.jsonl', 'dev-other.jsonl'].flatMap(readCorpusFile);
    case 'held-out':
      return readCorpusFile('held-out.jsonl');
    case 'fixtures':
      return ['purchase-requests.json', 'quotes.json', 'support.json', 'other.json', 'injection.json', 'round-2.json'].flatMap(readFixtures);
    case 'fixtures-held-out':
      return readFixtures('held-out.json');
  }
}
