import { DEFAULT_SLA_POLICY } from '@org/orchestrator-contracts';
import { slaDeadline } from './sla';

describe(slaDeadline, () => {
  it('adds the first-response target of the urgency', () => {
    const at = '2026-11-25T10:00:00Z';
    expect(slaDeadline(at, 'high', DEFAULT_SLA_POLICY)).toBe('2026-11-25T11:00:00.000Z');
    expect(slaDeadline(at, 'normal', DEFAULT_SLA_POLICY)).toBe('2026-11-25T14:00:00.000Z');
    expect(slaDeadline(new Date(at), 'low')).toBe('2026-11-26T10:00:00.000Z');
  });

  it('ignores business hours and weekends, and normalises offsets to UTC', () => {
    // Friday 23:30 in Berlin (UTC+1) plus one hour: Saturday 00:30 local, 23:30 UTC.
    expect(slaDeadline('2026-11-27T23:30:00+01:00', 'high')).toBe('2026-11-27T23:30:00.000Z');
    expect(slaDeadline('2026-12-31T20:00:00Z', 'low', { firstResponseMinutes: { high: 0, normal: 0, low: 2 * 24 * 60 } })).toBe('2027-01-02T20:00:00.000Z');
  });

  it('rejects an invalid date or target', () => {
    expect(() => slaDeadline('yesterday-ish', 'high')).toThrow(RangeError);
    expect(() => slaDeadline('2026-11-25T10:00:00Z', 'high', { firstResponseMinutes: { high: -1, normal: 1, low: 1 } })).toThrow(RangeError);
  });
});
