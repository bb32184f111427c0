import type { IngressLogger, LogFields } from '@org/orchestrator-ingress';
import { describeError } from '@org/orchestrator-ingress';
import type { JsonLogger, OrchestratorMetrics } from '@org/orchestrator-observability';

/**
 * The ingress's event log on pino (one JSON line per event, `event` and `msg` both the event name,
 * errors as `{ name, message, code? }`), counting the business metrics from the events it writes:
 * `smtp.delivered` / `imap.delivered` are accepted emails, `ingress.quarantined` refused ones.
 */
export function countingIngressLogger(log: JsonLogger, metrics: OrchestratorMetrics): IngressLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (event: string, fields: LogFields = {}) => {
      if (event === 'smtp.delivered' || event === 'imap.delivered') metrics.emailsAccepted.inc({ source: event.slice(0, 4) });
      if (event === 'ingress.quarantined')
        metrics.emailsQuarantined.inc({ source: String(fields['via'] ?? 'smtp'), reason: String(fields['code'] ?? 'unknown') });
      const serialized: LogFields = {};
      for (const [key, value] of Object.entries(fields)) serialized[key] = value instanceof Error ? describeError(value) : value;
      log[level]({ event, ...serialized }, event);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
