import type { PayloadIssue } from '@org/orchestrator-contracts';
import { InvalidPayloadError, normalizeAddress } from '@org/orchestrator-contracts';

/** A human support agent who may answer escalated threads. */
export interface SupportAgent {
  email: string;
  name?: string;
}

/** The agents allowed to reply: addresses or {@link SupportAgent}s. */
export type AgentDirectory = readonly (string | SupportAgent)[];

/** Payload of the `submitAgentReply` update. */
export interface SubmitAgentReplyInput {
  /** Email address of the agent answering. */
  agent: string;
  /** The reply to send to the customer (plain text). */
  reply: string;
}

/** Longest reply accepted, in characters; longer is a paste accident, not an answer. */
export const MAX_AGENT_REPLY_LENGTH = 20_000;

/** Why an agent reply was rejected; `path` names the payload field. */
export interface AgentReplyIssue extends PayloadIssue {
  path: 'agent' | 'reply' | '';
  code: 'not-an-object' | 'agent-missing' | 'unknown-agent' | 'reply-missing' | 'reply-empty' | 'reply-too-long';
  message: string;
}

/** Result of {@link validateAgentReply}: the normalised reply, or every issue. */
export type AgentReplyValidation = { ok: true; value: SubmitAgentReplyInput } | { ok: false; issues: AgentReplyIssue[] };

/** Whether `email` belongs to one of `agents` (case-insensitive; `Name <addr>` accepted). */
export function isKnownAgent(email: string, agents: AgentDirectory): boolean {
  const address = normalizeAddress(email);
  return address !== null && agents.some((agent) => normalizeAddress(typeof agent === 'string' ? agent : agent.email) === address);
}

/**
 * Checks a `submitAgentReply` payload without throwing (for an update validator, which should throw
 * when `ok` is false): the agent must be known, the reply non-empty and of reasonable length.
 * Tolerates payloads of the wrong shape, since updates arrive as JSON from any client.
 * @example
 * const result = validateAgentReply({ agent: 'ana@shop.example', reply: 'Hi Tom, …' }, ['ana@shop.example']);
 * if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
 */
export function validateAgentReply(input: SubmitAgentReplyInput, agents: AgentDirectory): AgentReplyValidation {
  if (typeof input !== 'object' || input === null) {
    return { ok: false, issues: [{ path: '', code: 'not-an-object', message: 'expected { agent, reply }' }] };
  }
  const issues: AgentReplyIssue[] = [];
  const { agent, reply } = input as { agent?: unknown; reply?: unknown };

  if (typeof agent !== 'string' || agent.trim() === '') {
    issues.push({ path: 'agent', code: 'agent-missing', message: 'agent is required' });
  } else if (!isKnownAgent(agent, agents)) {
    issues.push({ path: 'agent', code: 'unknown-agent', message: `"${agent}" is not a known support agent` });
  }

  if (typeof reply !== 'string') {
    issues.push({ path: 'reply', code: 'reply-missing', message: 'reply is required' });
  } else if (reply.trim() === '') {
    issues.push({ path: 'reply', code: 'reply-empty', message: 'reply must not be empty' });
  } else if (reply.length > MAX_AGENT_REPLY_LENGTH) {
    issues.push({
      path: 'reply',
      code: 'reply-too-long',
      message: `reply is longer than ${MAX_AGENT_REPLY_LENGTH} characters`,
    });
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { agent: normalizeAddress(agent as string) as string, reply: (reply as string).trim() } };
}

/**
 * {@link validateAgentReply} for an update validator: returns the normalised reply or throws.
 * @throws {InvalidPayloadError} naming every issue (the update is rejected, nothing is recorded).
 * @example
 * setHandler(submitAgentReplyUpdate, handler, { validator: (input) => void assertAgentReply(input, agents) });
 */
export function assertAgentReply(input: SubmitAgentReplyInput, agents: AgentDirectory): SubmitAgentReplyInput {
  const result = validateAgentReply(input, agents);
  if (!result.ok) throw new InvalidPayloadError('agent reply', result.issues);
  return result.value;
}
