import type { FastifyRequest } from 'fastify';
import type { JsonLogger } from '@org/orchestrator-observability';
import { createJsonLogger } from '@org/orchestrator-observability';

/**
 * A request as the inbox logs it: the route pattern (`/links/:token`), never the URL, whose path
 * holds single-use sign-in and decision tokens (a log reader could replay them).
 */
export function loggedRequest(request: FastifyRequest): { method: string; route: string; remoteAddress: string } {
  return { method: request.method, route: request.routeOptions?.url ?? '(no route)', remoteAddress: request.ip };
}

/** The inbox's JSON log (pino via the observability package), with requests logged by route only. */
export function createInboxLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): JsonLogger {
  return createJsonLogger({ name: 'orchestrator-inbox', ...options }).child({}, { serializers: { req: loggedRequest } });
}
