import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { z } from 'zod';
import type { AgentCallUsage, EmailMessage, Routing } from '@org/orchestrator-contracts';
import { emailMessageSchema } from '@org/orchestrator-contracts';
import type { AgentResult, Agents, SummarizeThreadInput, SummarizeThreadOutput } from '@org/orchestrator-agents';
import {
  AGENT_OUTPUT_INVALID,
  AGENT_REQUEST_REJECTED,
  AGENT_UNAVAILABLE,
  AgentOutputInvalidError,
  AgentRequestRejectedError,
  AgentUnavailableError,
  CLASSIFY_CONFIDENCE_THRESHOLD,
} from '@org/orchestrator-agents';
import { stripQuotedReply } from '@org/orchestrator-email';
import { parseInput } from './errors';
import type { FlowModule } from './flows/flow-module';

export interface ClassifyThreadInput {
  threadId: string;
  message: EmailMessage;
}

/**
 * The routing decision for a thread (the contracts' `Routing`: the flow state keeps it as
 * `routing`), with what the call cost. `unsure` (the confidence is below the agents' threshold,
 * `CLASSIFY_CONFIDENCE_THRESHOLD`) is set on every new result; results recorded before lack it.
 */
export type ThreadClassification = Routing & { language: string; usage: AgentCallUsage };

/** What a flow module's own routing rules cost: nothing a model was asked. */
const ROUTE_USAGE: AgentCallUsage = { provider: 'flow-route', model: 'rules', inputTokens: 0, outputTokens: 0, latencyMs: 0, attempts: 0 };

/** Error types the workflow must not retry: the agent answered, but not usefully. */
export const NON_RETRYABLE_AGENT_ERRORS = [AGENT_OUTPUT_INVALID, AGENT_REQUEST_REJECTED];

/** How often an agent activity heartbeats while its agent call runs, by default (the SDK throttles what it sends). */
export const AGENT_HEARTBEAT_MS = 5_000;

/**
 * Maps agent errors onto Temporal semantics: invalid output and rejected requests fail at once
 * (the flow escalates to a human); an unavailable provider is retried by the activity's policy.
 * Heartbeats while the call runs: an LLM call may take a minute, so the workflow gives agent
 * activities a heartbeat timeout far shorter than their start-to-close timeout, and a call lost
 * with its worker (a crash, a kill) is retried after that, not minutes later. Heartbeats are also
 * how a cancellation reaches the call (its `signal`).
 */
async function asActivity<T>(call: () => Promise<T>, heartbeatMs: number): Promise<T> {
  const context = Context.current();
  // A local activity (an in-process provider) cannot heartbeat: the core logs every attempt as failed.
  const beat = context.info.isLocal ? undefined : setInterval(() => context.heartbeat(), heartbeatMs);
  if (!context.info.isLocal) context.heartbeat();
  try {
    return await call();
  } catch (error) {
    if (error instanceof AgentOutputInvalidError) {
      throw ApplicationFailure.create({
        type: AGENT_OUTPUT_INVALID,
        message: error.message,
        nonRetryable: true,
        details: [{ task: error.task, issues: error.issues, attempts: error.attempts }],
      });
    }
    if (error instanceof AgentRequestRejectedError) {
      throw ApplicationFailure.create({ type: AGENT_REQUEST_REJECTED, message: error.message, nonRetryable: true });
    }
    if (error instanceof AgentUnavailableError) {
      throw ApplicationFailure.create({ type: AGENT_UNAVAILABLE, message: error.message, nonRetryable: false });
    }
    throw error;
  } finally {
    clearInterval(beat);
  }
}

const classifyInputSchema = z.object({ threadId: z.string().min(1), message: emailMessageSchema });
const objectInput = z.record(z.string(), z.unknown());

/** An agent's data plus what the call cost; the workflow adds `usage` to the thread's totals. */
export type AgentActivityResult<T> = { output: T; usage: AgentCallUsage };

/**
 * Runs one agent task as an activity: input checked to be an object, quoted history dropped
 * (`newContentOnly`), cancellable, heartbeating every `heartbeatMs` while the call runs, with agent
 * errors mapped to Temporal semantics. How the thread core's agent activities and a flow package's
 * own (its `./node` entry) are built alike.
 * @example
 * const draftSupportAnswer = agentActivity('draftSupportAnswer', (input, options) => runAgentTask(provider, draftSupportAnswerTask, input, options));
 */
export function agentActivity<I, O>(
  name: string,
  call: (input: I, options: { signal: AbortSignal }) => Promise<AgentResult<O>>,
  heartbeatMs: number = AGENT_HEARTBEAT_MS,
) {
  return async (input: I): Promise<AgentActivityResult<O>> => {
    parseInput(name, objectInput, input);
    const { output, usage } = await asActivity(() => call(newContentOnly(input), { signal: Context.current().cancellationSignal }), heartbeatMs);
    return { output, usage };
  };
}

/**
 * Agents read the new content only: a supplier's reply quotes our RFQ, a customer's quotes our
 * answer, and quoted history is another message's text. Applies to an email input (`text`) or an
 * input carrying one (`message.text`).
 */
function newContentOnly<I>(input: I): I {
  const record = input as Record<string, unknown>;
  if (typeof record['text'] === 'string') return { ...record, text: stripQuotedReply(record['text']) } as I;
  const message = record['message'] as Record<string, unknown> | undefined;
  if (message && typeof message['text'] === 'string') return { ...record, message: { ...message, text: stripQuotedReply(message['text']) } } as I;
  return input;
}

/**
 * Activities that call agents. Each call is one activity: retried, timed out, accounted, and
 * heartbeating every `heartbeatMs` (default {@link AGENT_HEARTBEAT_MS}) while the agent works.
 */
export function createAgentActivities({
  agents,
  heartbeatMs = AGENT_HEARTBEAT_MS,
  flowModules = [],
}: {
  agents: Agents;
  heartbeatMs?: number;
  /** Flows in packages of their own: each may claim a first message by its own rules, before the classifier. */
  flowModules?: readonly Pick<FlowModule, 'name' | 'route'>[];
}) {
  return {
    /**
     * Routes a thread's first message: flow (`other` → `unknown`), intent, urgency, language,
     * sentiment. A flow module that claims the message by its own rules routes it, sure; else the classifier.
     */
    async classifyThread(input: ClassifyThreadInput): Promise<ThreadClassification> {
      const { message } = parseInput('classifyThread', classifyInputSchema, input);
      for (const module of flowModules) {
        const claimed = module.route?.(message);
        if (claimed)
          return {
            flow: module.name,
            intent: claimed.intent,
            urgency: 'normal',
            language: 'en',
            sentiment: 'neutral',
            confidence: 1,
            unsure: false,
            usage: ROUTE_USAGE,
          };
      }
      const { output, usage } = await asActivity(
        () =>
          agents.classifyThread(
            // Agents read the new content only; quoted history is another message's text.
            { subject: message.subject, text: stripQuotedReply(message.text), from: message.from, receivedAt: message.receivedAt },
            { signal: Context.current().cancellationSignal },
          ),
        heartbeatMs,
      );
      return { ...output, flow: output.flow === 'other' ? 'unknown' : output.flow, unsure: output.confidence < CLASSIFY_CONFIDENCE_THRESHOLD, usage };
    },
    /** A bounded summary of a long thread (keeps carried state small across continue-as-new). */
    summarizeThread: agentActivity<SummarizeThreadInput, SummarizeThreadOutput>('summarizeThread', (i, o) => agents.summarizeThread(i, o), heartbeatMs),
  };
}
