import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted answer: a JSON body with a status (default 200) and headers, or a hang (no answer). */
export interface ReplayStep {
  status?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  /** Never answer: the client's timeout has to fire. */
  hang?: boolean;
}

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * A chat-completions server on 127.0.0.1 that replays scripted responses in order and records every
 * request. It answers any POST ending in `/chat/completions` (the SDK calls `${baseURL}/chat/completions`).
 */
export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  private steps: ReplayStep[] = [];
  private responder: ((body: unknown) => ReplayStep) | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts on an ephemeral port. */
  static async start(): Promise<ReplayServer> {
    const server = createServer();
    const replay = new ReplayServer(server);
    server.on('request', (req, res) => void replay.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return replay;
  }

  /** Base URL for the OpenAI client, e.g. `http://127.0.0.1:40123/v1`. */
  get baseURL(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Replaces the script and forgets earlier requests. */
  script(steps: readonly ReplayStep[]): void {
    this.steps = [...steps];
    this.requests.length = 0;
  }

  /** Answers every request the script does not cover by calling `respond` with its parsed body. */
  respondWith(respond: (body: unknown) => ReplayStep): void {
    this.responder = respond;
  }

  /** Scripted steps not consumed yet. */
  get remaining(): number {
    return this.steps.length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep the raw text
    }
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      return this.send(res, 404, {}, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
    }
    const step = this.steps.shift() ?? this.responder?.(body);
    if (!step) return this.send(res, 500, {}, { error: { message: 'replay script exhausted', type: 'server_error' } });
    if (step.hang) return; // the socket stays open until the client gives up or close() destroys it
    this.send(res, step.status ?? 200, step.headers ?? {}, step.body ?? {});
  }

  private send(res: ServerResponse, status: number, headers: Record<string, string | undefined>, body: unknown): void {
    const defined = Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined);
    res.writeHead(status, { 'content-type': 'application/json', ...Object.fromEntries(defined) });
    res.end(JSON.stringify(body));
  }
}
