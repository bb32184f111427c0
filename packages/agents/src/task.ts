import type { AgentCallUsage, EmailMessage } from '@org/orchestrator-contracts';
import type { z } from 'zod';

/** A sender as the agents see it: an address object (as in `EmailMessage.from`) or a bare string. */
export type AgentSender = { address: string; name?: string } | string;

/**
 * The email fields the agents read. Compatible with `Pick<EmailMessage, 'subject' | 'text' | 'from'>`
 * (plus the optional `receivedAt`, which anchors relative dates such as "by Dec 15" or "in 3 weeks").
 */
export interface AgentEmail {
  subject: string;
  text: string;
  from?: AgentSender;
  /** ISO 8601 date-time the message was received; relative dates are resolved against it. */
  receivedAt?: string;
}

/** A contracts `EmailMessage` (or the subset the agents read) can be passed as an {@link AgentEmail} as is. */
export type AgentEmailSource = Pick<EmailMessage, 'subject' | 'text' | 'from'> & Partial<Pick<EmailMessage, 'receivedAt'>>;
// Compile-time proof of the claim above.
const _emailMessageIsAgentEmail = (m: AgentEmailSource): AgentEmail => m;
void _emailMessageIsAgentEmail;

/** The two messages a chat model receives for one task call. */
export interface AgentPrompt {
  system: string;
  user: string;
}

/**
 * One agent task: a name, the schema its output must satisfy, and a prompt builder.
 * Tasks are data; a {@link AgentProvider} decides how to produce the output.
 */
export interface AgentTask<TInput, TOutput> {
  /** Stable identifier, e.g. `classify-thread`; also the JSON-schema name sent to models. */
  readonly name: string;
  /** The schema every output is validated against before any caller sees it. */
  readonly schema: z.ZodType<TOutput>;
  /** Builds the chat prompt; email text is wrapped as untrusted data. */
  prompt(input: TInput): AgentPrompt;
}

/** Validated output of an agent call plus its usage. JSON-serialisable. */
export interface AgentResult<T> {
  output: T;
  /** What the call cost (the contracts' `AgentCallUsage`: the workflow sums it per thread). */
  usage: AgentCallUsage;
}

/** Per-call options. */
export interface AgentCallOptions {
  /** Cancels the call (pass the activity's cancellation signal). */
  signal?: AbortSignal;
}

/** Produces validated task output. Implementations: the rules provider and the OpenAI-compatible one. */
export interface AgentProvider {
  readonly name: string;
  complete<TInput, TOutput>(task: AgentTask<TInput, TOutput>, input: TInput, options?: AgentCallOptions): Promise<AgentResult<TOutput>>;
}
