/**
 * Operations for Agent Orchestrator processes: one port with `/healthz`, `/readyz` and `/metrics`,
 * the `orchestrator_*` business metrics, and JSON logs (pino) that the Temporal runtime logs into.
 * @module
 */
export { OrchestratorMetrics } from './metrics';
export { fetchPrometheusText, startOpsServer } from './ops-server';
export type { OpsServer, OpsServerOptions } from './ops-server';
export { createJsonLogger, runtimeLoggerFor } from './logger';
export type { JsonLogger } from './logger';
export type { RuntimeLogLevel, RuntimeLogger } from './logger';
