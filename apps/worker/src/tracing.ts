import type { Resource } from '@opentelemetry/resources';
import { Resource as OtelResource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { Tracing } from '@org/orchestrator-contracts/tracing';

/**
 * The workflow-side OpenTelemetry interceptors (spans for workflow runs, signals, updates,
 * activities scheduled), the workflows package's replay-safe set. Bundled only when tracing is on
 * (`workflow-bundle.traced.js`): each cached workflow evaluates its own copy of every module it
 * loads, and the OpenTelemetry SDK made an open thread cost 4.3 MB of worker memory instead of
 * 2.7 MB (`npm run bench`). They add no commands, so histories replay with or without them (the
 * workflows replay test checks it), and a worker may switch tracing on or off at any restart.
 */
export const WORKFLOW_TRACING_INTERCEPTORS = require.resolve('@org/orchestrator-workflows/tracing-interceptors');

/** The sink the bundled workflow interceptors export their spans through. */
export type TracingSinks = InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }>;

/**
 * The workflow span sink: into the process's span processor when tracing is on, dropped otherwise
 * (the sink must exist either way, or every workflow task would warn about a missing sink).
 */
export function tracingSinks(tracing: Pick<Tracing, 'spanProcessor' | 'resource'> | undefined): TracingSinks {
  const processor: SpanProcessor = tracing?.spanProcessor ?? new NoopSpanProcessor();
  const resource: Resource = tracing?.resource ?? new OtelResource({});
  return { exporter: makeWorkflowExporter(processor, resource) };
}

/** Activity spans, children of the workflow span that scheduled them; none when tracing is off. */
export function tracingActivityInterceptors(tracing: Pick<Tracing, 'tracer'> | undefined): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  return [
    (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
  ];
}
