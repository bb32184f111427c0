/** Per-field accuracy bookkeeping for a labelled set. */
export class AccuracyTable {
  private readonly rows = new Map<string, { hits: number; total: number; misses: string[] }>();

  constructor(readonly title: string) {}

  /** Records one comparison of `field` for fixture `id`. */
  record(field: string, id: string, ok: boolean, detail?: unknown): void {
    const row = this.rows.get(field) ?? { hits: 0, total: 0, misses: [] };
    row.total++;
    if (ok) row.hits++;
    else row.misses.push(detail === undefined ? id : `${id} (${JSON.stringify(detail)})`);
    this.rows.set(field, row);
  }

  /** Accuracy 0..1 of a field. */
  accuracy(field: string): number {
    const row = this.rows.get(field);
    return row && row.total ? row.hits / row.total : 0;
  }

  /** Hits and total of a field. */
  counts(field: string): { hits: number; total: number } {
    const row = this.rows.get(field);
    return { hits: row?.hits ?? 0, total: row?.total ?? 0 };
  }

  fields(): string[] {
    return [...this.rows.keys()];
  }

  /** One Markdown cell: `field pct` per field, e.g. "topArticle 82%, orderFacts 100%". */
  fieldSummary(): string {
    return this.fields()
      .map((f) => {
        const { hits, total } = this.counts(f);
        return `${f} ${percent(hits, total)}`;
      })
      .join(', ');
  }

  /** A plain-text table: field, hits/total, percentage, the first misses. */
  render(thresholds: Record<string, number>, maxMisses = 4): string {
    const lines = [`\n${this.title}`, `${'field'.padEnd(22)} ${'hits'.padStart(7)} ${'acc'.padStart(6)} ${'min'.padStart(5)}  misses`];
    for (const [field, row] of this.rows) {
      const acc = `${Math.round((row.hits / row.total) * 100)}%`;
      const min = thresholds[field] === undefined ? '' : `${Math.round(thresholds[field] * 100)}%`;
      lines.push(
        `${field.padEnd(22)} ${`${row.hits}/${row.total}`.padStart(7)} ${acc.padStart(6)} ${min.padStart(5)}  ${row.misses.slice(0, maxMisses).join(', ')}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

/** `hits` of `total` as a rounded percentage, `n/a` of nothing. */
export function percent(hits: number, total: number): string {
  return total ? `${Math.round((hits / total) * 100)}%` : 'n/a';
}

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
