import { trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import type { Tracer } from '@opentelemetry/api';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { EnvSource } from '@org/orchestrator-contracts';
import { EnvVariableError, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';

/** A tracing setting that cannot be used (names the variable): the one configuration error, {@link EnvVariableError}. */
export const TracingConfigError = EnvVariableError;
export type TracingConfigError = EnvVariableError;

/** The standard OpenTelemetry variables this reads (the OTLP exporter reads its other `OTEL_EXPORTER_OTLP_*` itself). */
export const OTEL_ENV = {
  sdkDisabled: defineEnvVariable({
    name: 'OTEL_SDK_DISABLED',
    schema: envSchemas.boolean,
    default: '`false`',
    meaning: 'true turns tracing off whatever else is set',
  }),
  tracesExporter: defineEnvVariable({
    name: 'OTEL_TRACES_EXPORTER',
    schema: envSchemas.oneOf(['otlp', 'console', 'none'] as const),
    default: '`otlp` when an OTLP endpoint is set, else `none`',
    meaning: 'Where spans go: `none` is no tracing',
  }),
  endpoint: defineEnvVariable({
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    schema: envSchemas.text('an http(s) URL'),
    default: 'unset',
    meaning: 'OTLP/HTTP collector, e.g. `http://127.0.0.1:4318` (traces go to `/v1/traces`); setting it turns tracing on',
  }),
  tracesEndpoint: defineEnvVariable({
    name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    schema: envSchemas.text('an http(s) URL'),
    default: 'unset',
    meaning: 'OTLP/HTTP URL for traces only (used as is)',
  }),
  serviceName: defineEnvVariable({
    name: 'OTEL_SERVICE_NAME',
    schema: envSchemas.text('a name'),
    default: "the process's (e.g. `orchestrator-worker`)",
    meaning: '`service.name` of the spans',
  }),
} as const;

/** The variables of {@link OTEL_ENV} in table order. */
export const OTEL_VARIABLES = Object.values(OTEL_ENV);

/** What the environment asks for; `exporter: 'none'` means tracing is off. */
export interface TracingConfig {
  exporter: 'otlp' | 'console' | 'none';
  serviceName: string;
}

/**
 * Reads the `OTEL_*` variables. Off (`exporter: 'none'`) unless `OTEL_TRACES_EXPORTER` names an
 * exporter or an OTLP endpoint is set, so a process without them pays nothing.
 * @throws {TracingConfigError} naming the variable and what it accepts.
 */
export function tracingConfigFromEnv(env: EnvSource, defaultServiceName: string): TracingConfig {
  const serviceName = readEnvVariable(env, OTEL_ENV.serviceName, TracingConfigError) ?? defaultServiceName;
  if (readEnvVariable(env, OTEL_ENV.sdkDisabled, TracingConfigError)) return { exporter: 'none', serviceName };
  const named = readEnvVariable(env, OTEL_ENV.tracesExporter, TracingConfigError);
  let endpoint: string | undefined;
  for (const spec of [OTEL_ENV.tracesEndpoint, OTEL_ENV.endpoint]) {
    const value = readEnvVariable(env, spec, TracingConfigError);
    if (value && !/^https?:\/\/\S+$/.test(value)) throw new TracingConfigError(spec.name, `must be an http(s) URL, got ${JSON.stringify(value)}`);
    endpoint ??= value;
  }
  return { exporter: named ?? (endpoint ? 'otlp' : 'none'), serviceName };
}

/** Options of {@link tracingFromEnv}. */
export interface TracingOptions {
  /** `service.name` when `OTEL_SERVICE_NAME` is unset. */
  serviceName: string;
  /** Replaces the exporter the environment names (tests pass an in-memory one); turns tracing on. */
  spanProcessor?: SpanProcessor;
}

/** Tracing set up for one process: the registered provider and what to hand Temporal. */
export interface Tracing {
  tracer: Tracer;
  resource: Resource;
  /** For the worker's workflow span sink (`makeWorkflowExporter`). */
  spanProcessor: SpanProcessor;
  /** For `new Client({ interceptors })` / `createThreadClient(config, { interceptors })`. */
  clientInterceptors: { workflow: WorkflowClientInterceptor[] };
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

function exporterFor(kind: 'otlp' | 'console'): SpanExporter {
  // The OTLP exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT/HEADERS/TIMEOUT from process.env itself.
  return kind === 'otlp' ? new OTLPTraceExporter() : new ConsoleSpanExporter();
}

/**
 * Registers an OpenTelemetry tracer provider (W3C trace context, async-local context) when the
 * environment turns tracing on, and returns the Temporal client interceptors that start a trace (or
 * continue the caller's) and carry it into the workflow. `undefined` when tracing is off.
 */
export function tracingFromEnv(env: EnvSource, options: TracingOptions): Tracing | undefined {
  const config = tracingConfigFromEnv(env, options.serviceName);
  if (config.exporter === 'none' && !options.spanProcessor) return undefined;
  const resource = new Resource({ 'service.name': config.serviceName });
  const spanProcessor =
    options.spanProcessor ?? (config.exporter === 'console' ? new SimpleSpanProcessor(exporterFor('console')) : new BatchSpanProcessor(exporterFor('otlp')));
  const provider = new BasicTracerProvider({ resource });
  provider.addSpanProcessor(spanProcessor);
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  const tracer = trace.getTracer('@org/orchestrator');
  return {
    tracer,
    resource,
    spanProcessor,
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}
