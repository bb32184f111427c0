import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServer } from 'node:http';

/** What {@link startOpsServer} answers from. */
export interface OpsServerOptions {
  /** `METRICS_PORT`; 0 picks a free port. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Whether the process can do its work now (connected, polling); `/readyz` is 503 otherwise. */
  ready: () => boolean | Promise<boolean>;
  /** Whether the process is alive and not wedged; `/healthz` is 503 otherwise. @default always */
  healthy?: () => boolean | Promise<boolean>;
  /** Prometheus text for `/metrics`. */
  metrics: () => Promise<string>;
}

/** A running ops server: its port, and how to stop it. */
export interface OpsServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * One HTTP port per process for the platform: `GET /healthz` (liveness), `GET /readyz` (readiness:
 * take traffic or not) and `GET /metrics` (Prometheus). Anything else is 404; only GET and HEAD.
 * @example
 * const ops = await startOpsServer({ port: 9464, ready: () => worker.getState() === 'RUNNING', metrics: () => scrape() });
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const check = async (probe: (() => boolean | Promise<boolean>) | undefined) => {
    try {
      return probe ? await probe() : true;
    } catch {
      return false;
    }
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/healthz' || path === '/readyz') {
        const ok = await check(path === '/healthz' ? options.healthy : options.ready);
        response
          .writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ok' : path === '/readyz' ? 'not ready' : 'unhealthy' }));
      } else if (path === '/metrics') {
        const text = await options.metrics();
        response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
      } else {
        response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'use /healthz, /readyz or /metrics' }));
      }
    };
    answer().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(error instanceof Error ? error.message : 'internal error');
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, options.host ?? '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Fetches another exporter's Prometheus text (the Temporal runtime's, which binds its own port) so
 * one `/metrics` serves both. An unreachable exporter gives a comment line, not a failed scrape.
 */
export async function fetchPrometheusText(url: string, timeoutMs = 2_000): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return `# ${url} answered ${response.status}\n`;
    return await response.text();
  } catch (error) {
    return `# ${url} unreachable: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}
