import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { OrchestratorMetrics } from '@org/orchestrator-observability';

interface Usage {
  provider?: unknown;
  model?: unknown;
  inputTokens?: unknown;
  outputTokens?: unknown;
}

/** What the result of one activity says for the business metrics. */
export function countActivityResult(metrics: OrchestratorMetrics, activityType: string, result: unknown): void {
  const value = (result ?? {}) as { status?: unknown; usage?: Usage };
  if (activityType === 'sendReply' || activityType === 'sendEmail') {
    // `already-sent` is a retry that found the mail sent: counting it would count the mail twice.
    if (value.status === 'sent') metrics.emailsSent.inc({ kind: activityType === 'sendReply' ? 'reply' : 'email' });
  } else if (activityType === 'notifyEscalation') {
    metrics.escalations.inc({ outcome: value.status === 'skipped' ? 'skipped' : 'sent' });
  } else if (activityType === 'recordHandledMessage') {
    // A retry rewrites the same row (attempts > 1): the message was counted by the first.
    if ((result as { attempts?: unknown } | undefined)?.attempts === 1) metrics.messagesHandled.inc();
  }
  const usage = value.usage;
  if (usage && typeof usage.provider === 'string' && typeof usage.model === 'string') {
    const labels = { provider: usage.provider, model: usage.model };
    metrics.agentCalls.inc(labels);
    if (typeof usage.inputTokens === 'number' && usage.inputTokens > 0) metrics.agentTokens.inc({ ...labels, direction: 'input' }, usage.inputTokens);
    if (typeof usage.outputTokens === 'number' && usage.outputTokens > 0) metrics.agentTokens.inc({ ...labels, direction: 'output' }, usage.outputTokens);
  }
}

/**
 * Counts the business metrics from activity results, in the worker, so workflow code stays as it
 * is (no commands change, every history still replays).
 */
export function activityMetricsInterceptor(metrics: OrchestratorMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        try {
          const result = await next(input);
          countActivityResult(metrics, ctx.info.activityType, result);
          return result;
        } catch (error) {
          metrics.activityFailures.inc({ activity: ctx.info.activityType });
          throw error;
        }
      },
    },
  });
}
