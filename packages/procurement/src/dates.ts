// Calendar arithmetic on UTC day numbers: no time zones, no clock, safe in the workflow sandbox.
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`) or date-time (its UTC day); undefined if unreadable. */
export function dayNumber(iso: string): number | undefined {
  const date = ISO_DATE.exec(iso.trim());
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC rolls 2026-02-30 over into March: refuse it instead.
    return new Date(ms).getUTCDate() === day && month >= 1 && month <= 12 ? ms / MS_PER_DAY : undefined;
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / MS_PER_DAY);
}

/** The ISO date `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
