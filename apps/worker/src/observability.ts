import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Runtime } from '@temporalio/worker';
import type { JsonLogger, OpsServer } from '@org/orchestrator-observability';
import { OrchestratorMetrics, createJsonLogger, fetchPrometheusText, runtimeLoggerFor, startOpsServer } from '@org/orchestrator-observability';
import type { WorkerConfig } from './config';

/** The worker's log, metrics and (with `METRICS_PORT`) the address of the runtime's own exporter. */
export interface WorkerObservability {
  log: JsonLogger;
  metrics: OrchestratorMetrics;
  /** Starts `/healthz`, `/readyz`, `/metrics` on `METRICS_PORT`; `undefined` without it. */
  startOps(ready: () => boolean): Promise<OpsServer | undefined>;
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Installs the Temporal runtime with JSON logs (pino on stdout; the runtime's and the SDK core's
 * messages forwarded into it) and, with `METRICS_PORT`, its Prometheus exporter on a private loopback
 * port, which `/metrics` serves together with the `orchestrator_*` metrics: one port per process.
 */
export async function installWorkerObservability(config: Pick<WorkerConfig, 'logLevel' | 'ops'>): Promise<WorkerObservability> {
  const log = createJsonLogger({ name: 'orchestrator-worker', level: config.logLevel });
  const metrics = new OrchestratorMetrics();
  const runtimePort = config.ops ? await freeLoopbackPort() : undefined;
  Runtime.install({
    logger: runtimeLoggerFor(log),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} },
      ...(runtimePort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${runtimePort}` } } } : {}),
    },
  });
  return {
    log,
    metrics,
    async startOps(ready) {
      if (!config.ops) return undefined;
      const runtimeUrl = `http://127.0.0.1:${runtimePort}/metrics`;
      return startOpsServer({
        port: config.ops.port,
        host: config.ops.host,
        ready,
        metrics: async () => `${await fetchPrometheusText(runtimeUrl)}\n${await metrics.text()}`,
      });
    },
  };
}
