/**
 * OpenTelemetry tracing for Temporal clients and workers, configured by the standard `OTEL_*`
 * variables and off when none is set. Node-only; never import this from workflow code.
 *
 * @example
 * import { tracingFromEnv } from '@org/orchestrator-contracts/tracing';
 * import { createThreadClient } from '@org/orchestrator-contracts/client';
 *
 * const tracing = tracingFromEnv(process.env, { serviceName: 'my-service' }); // undefined when off
 * const client = await createThreadClient(undefined, { interceptors: tracing?.clientInterceptors });
 * // ... on shutdown:
 * await tracing?.shutdown();
 *
 * @module
 */
export { OTEL_ENV, OTEL_VARIABLES, TracingConfigError, tracingConfigFromEnv, tracingFromEnv } from './tracing';
export type { Tracing, TracingConfig, TracingOptions } from './tracing';
