import { OrchestratorError } from '@org/orchestrator-contracts';
import {
  AGENT_OUTPUT_INVALID,
  AGENT_REQUEST_REJECTED,
  AGENT_UNAVAILABLE,
  AgentOutputInvalidError,
  AgentRequestRejectedError,
  AgentUnavailableError,
} from '../index';

describe('agent errors', () => {
  it('are orchestrator errors whose code is the failure type the activities raise (and their name)', () => {
    const errors = [
      [new AgentOutputInvalidError('classify_thread', [{ path: 'flow', message: 'Invalid option' }], '{}', 2), AGENT_OUTPUT_INVALID],
      [new AgentUnavailableError('read_quote', 'HTTP 503', 503), AGENT_UNAVAILABLE],
      [new AgentRequestRejectedError('read_quote', 'HTTP 401', 401), AGENT_REQUEST_REJECTED],
    ] as const;
    for (const [error, type] of errors) {
      expect(error).toBeInstanceOf(OrchestratorError);
      expect(error).toMatchObject({ name: type, code: type });
    }
    expect(errors.map(([, type]) => type)).toEqual(['AgentOutputInvalid', 'AgentUnavailable', 'AgentRequestRejected']);
  });

  it('keeps the cause of an unavailable provider', () => {
    const cause = new Error('ECONNRESET');
    expect(new AgentUnavailableError('classify_thread', 'connection reset', undefined, { cause }).cause).toBe(cause);
  });
});
