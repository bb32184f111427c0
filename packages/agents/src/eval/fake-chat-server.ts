import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The part of a chat-completions request a fake model answers from. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string } };
}

/** A running fake model: its base URL for the OpenAI client, the requests it got, and `close`. */
export interface FakeChatServer {
  readonly baseURL: string;
  readonly requests: ChatRequest[];
  close(): Promise<void>;
}

/** The subject of the email a prompt wraps last (the latest message of the thread). */
export function lastWrappedSubject(request: ChatRequest): string | undefined {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  return [...user.matchAll(/^Subject: (.*)$/gm)].pop()?.[1];
}

/**
 * Starts an OpenAI-compatible chat-completions server on 127.0.0.1 (ephemeral port) whose model is
 * `answer`: its value is the assistant's JSON content; `undefined` is a 400 error. For tests and
 * wiring checks of the `eval:*` commands (a model that answers from the labels must score 100%);
 * it only uses node:http and starts nothing unless called.
 */
export async function startFakeChatServer(answer: (request: ChatRequest) => unknown): Promise<FakeChatServer> {
  const requests: ChatRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const request = JSON.parse(raw) as ChatRequest;
      requests.push(request);
      const output = answer(request);
      res.writeHead(output === undefined ? 400 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          output === undefined
            ? { error: { message: 'no label for this email', type: 'invalid_request_error' } }
            : {
                id: 'chatcmpl-eval',
                object: 'chat.completion',
                created: 1764064801,
                model: request.model,
                choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(output), refusal: null }, finish_reason: 'stop' }],
                usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment that points an `eval:*` command's `--provider openai` at a fake server. */
export function fakeChatEnv(server: FakeChatServer): NodeJS.ProcessEnv {
  return { ...process.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test-key', AGENT_MODEL: 'replay-model' };
}

/**
 * Runs `<packageDir>/eval/cli.ts` from source with this workspace's tsx (in this repository's
 * checkout only); rejects with the child's `stderr` when it exits non-zero.
 */
export function runEvalCliFromSource(packageDir: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string }> {
  const tsx = join(packageDir, '..', '..', 'node_modules', '.bin', 'tsx');
  return promisify(execFile)(tsx, ['--conditions=@org/source', join(packageDir, 'eval', 'cli.ts'), ...args], { env });
}
