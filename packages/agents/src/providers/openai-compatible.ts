import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { z } from 'zod';
import { AgentOutputInvalidError, AgentRequestRejectedError, AgentUnavailableError, toOutputIssues } from '../errors';
import type { AgentOutputIssue } from '../errors';
import type { AgentCallOptions, AgentProvider, AgentResult, AgentTask } from '../task';

/** Settings of {@link OpenAICompatibleProvider}. */
export interface OpenAICompatibleOptions {
  /** Model name as the server knows it, e.g. `gpt-4o-mini`, `llama3.1:8b`, `Qwen/Qwen2.5-7B-Instruct`. */
  model: string;
  /** e.g. `https://api.openai.com/v1` (default), `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM). */
  baseURL?: string;
  /** API key; local servers ignore it, so a placeholder is sent when absent. */
  apiKey?: string;
  /** Timeout of one HTTP request in ms (default 60 000). A timed-out request counts as a transport failure. */
  timeoutMs?: number;
  /**
   * Transport retries done by the SDK itself, with backoff, on connection errors, timeouts, 408, 409,
   * 429 (honouring `retry-after`) and 5xx. Default 2: short, because the Temporal activity retry policy
   * is the real retry loop and should see the failure soon.
   */
  maxRetries?: number;
  /** How often an answer that fails the schema is sent back with the errors (default 1). */
  maxValidationRetries?: number;
  /**
   * Send the JSON schema with `strict: true` (default). All task schemas are strict-compatible:
   * every property required (absent values are `null`), no additional properties.
   */
  strict?: boolean;
  /** Sampling temperature (default 0, for repeatable answers). */
  temperature?: number;
  /** Extra headers, e.g. `api-key` for Azure OpenAI behind an OpenAI-compatible endpoint. */
  defaultHeaders?: Record<string, string>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** The JSON schema sent to the model: zod's output schema without the `$schema` key. */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  return json;
}

/** Reads a model's answer as JSON, tolerating a Markdown code fence around it. */
function parseJson(content: string): { value?: unknown; issue?: AgentOutputIssue } {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return { value: JSON.parse(unfenced) };
  } catch (error) {
    return { issue: { path: '', message: `not valid JSON (${(error as Error).message})` } };
  }
}

/** The message that feeds a failed validation back to the model. */
export function validationFeedback(issues: readonly AgentOutputIssue[]): string {
  return [
    'Your previous answer does not match the required JSON schema:',
    ...issues.map((i) => `- ${i.path || '(root)'}: ${i.message}`),
    'Answer again with only the corrected JSON object.',
  ].join('\n');
}

/**
 * An OpenAI-compatible chat-completions provider (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM,
 * LM Studio...) through the `openai` SDK. Structured output is requested with the task's JSON schema
 * and validated with the task's zod schema; an invalid answer is sent back with the validation errors
 * up to `maxValidationRetries` times, then {@link AgentOutputInvalidError} is thrown (non-retryable).
 * Transport failures after the SDK's retries throw {@link AgentUnavailableError} (retryable);
 * rejected requests (400, 401, 403, 404, 422) throw {@link AgentRequestRejectedError}.
 */
export class OpenAICompatibleProvider implements AgentProvider {
  readonly name = 'openai';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly maxValidationRetries: number;
  private readonly strict: boolean;
  private readonly temperature: number;

  constructor(options: OpenAICompatibleOptions) {
    this.model = options.model;
    this.maxValidationRetries = options.maxValidationRetries ?? 1;
    this.strict = options.strict ?? true;
    this.temperature = options.temperature ?? 0;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey || 'not-needed',
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      defaultHeaders: options.defaultHeaders,
      fetch: options.fetch,
    });
  }

  async complete<TInput, TOutput>(task: AgentTask<TInput, TOutput>, input: TInput, options: AgentCallOptions = {}): Promise<AgentResult<TOutput>> {
    const started = performance.now();
    const prompt = task.prompt(input);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    const responseFormat = {
      type: 'json_schema' as const,
      json_schema: { name: task.name, schema: responseJsonSchema(task.schema), strict: this.strict },
    };
    let inputTokens = 0;
    let outputTokens = 0;
    let model = this.model;
    let issues: AgentOutputIssue[] = [];
    let lastOutput: string | undefined;
    const maxAttempts = 1 + this.maxValidationRetries;

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const response = await this.request(task.name, messages, responseFormat, options.signal);
      inputTokens += response.usage?.prompt_tokens ?? 0;
      outputTokens += response.usage?.completion_tokens ?? 0;
      model = response.model || model;
      const message = response.choices[0]?.message;
      lastOutput = message?.content ?? undefined;

      if (message?.refusal) {
        issues = [{ path: '', message: `the model refused: ${message.refusal}` }];
      } else if (!lastOutput) {
        issues = [{ path: '', message: 'empty answer' }];
      } else {
        const json = parseJson(lastOutput);
        if (json.issue) {
          issues = [json.issue];
        } else {
          // Unknown keys (e.g. an injected `"approved": true`) are stripped by the schema.
          const parsed = task.schema.safeParse(json.value);
          if (parsed.success) {
            return {
              output: parsed.data,
              usage: {
                provider: this.name,
                model,
                inputTokens,
                outputTokens,
                latencyMs: Math.round(performance.now() - started),
                attempts: attempt,
              },
            };
          }
          issues = toOutputIssues(parsed.error.issues);
        }
      }
      messages.push({ role: 'assistant', content: lastOutput ?? '' }, { role: 'user', content: validationFeedback(issues) });
    }
    throw new AgentOutputInvalidError(task.name, issues, lastOutput, maxAttempts);
  }

  private async request(
    taskName: string,
    messages: ChatCompletionMessageParam[],
    responseFormat: ResponseFormatJSONSchema,
    signal: AbortSignal | undefined,
  ): Promise<ChatCompletion> {
    try {
      return await this.client.chat.completions.create(
        { model: this.model, messages: [...messages], temperature: this.temperature, response_format: responseFormat },
        { signal },
      );
    } catch (error) {
      if (error instanceof APIUserAbortError) throw error;
      if (error instanceof APIConnectionError) {
        throw new AgentUnavailableError(taskName, error.message, undefined, { cause: error });
      }
      if (error instanceof APIError) {
        const status = error.status;
        if (status === undefined || status === 408 || status === 409 || status === 429 || status >= 500) {
          throw new AgentUnavailableError(taskName, `HTTP ${status ?? '?'}: ${error.message}`, status, { cause: error });
        }
        throw new AgentRequestRejectedError(taskName, `HTTP ${status}: ${error.message}`, status, { cause: error });
      }
      throw error;
    }
  }
}
