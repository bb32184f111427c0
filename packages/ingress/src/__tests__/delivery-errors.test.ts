import { InvalidPayloadError, PayloadTooLargeError } from '@org/orchestrator-contracts';
import { classifyDeliveryError } from '../index';

/** What the Temporal client throws: a ServiceError whose cause is the gRPC error (shapes as seen from the dev server). */
function serviceError(code: number, details: string): Error {
  const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
  return Object.assign(new Error('Failed to signalWithStart Workflow', { cause: grpc }), { name: 'ServiceError' });
}

describe(classifyDeliveryError, () => {
  it.each([
    ['a workflow id over limit.maxIDLength', serviceError(3, 'WorkflowId exceeds maximum allowed length (1001/1000)'), 'workflow-id-too-long'],
    ['a payload over the blob limit', serviceError(3, 'Blob data size exceeds limit.'), 'payload-too-large'],
    ['any other invalid argument', serviceError(3, 'Invalid WorkflowExecutionTimeout.'), 'rejected-by-temporal'],
    ['out of range', serviceError(11, 'something out of range'), 'rejected-by-temporal'],
    ['a request over gRPC’s 4 MiB', serviceError(8, 'grpc: received message larger than max (5000195 vs. 4194304)'), 'payload-too-large'],
    ['invalid UTF-8', serviceError(13, 'grpc: error unmarshalling request: string field contains invalid UTF-8'), 'invalid-encoding'],
    [
      'an id too long for PostgreSQL persistence',
      serviceError(
        14,
        'createOrUpdateCurrentExecution failed. Failed to insert into current_executions table. Error: pq: value too long for type character varying(255)',
      ),
      'workflow-id-too-long',
    ],
    ['an id too long for MySQL persistence', serviceError(13, "Error 1406: Data too long for column 'workflow_id' at row 1"), 'workflow-id-too-long'],
    ['the client’s size check', new PayloadTooLargeError('email message', 300_000, 262_144), 'payload-too-large'],
    [
      'a schema failure',
      new InvalidPayloadError('email message', [{ path: 'messageId', message: 'must not contain control characters (found U+0000 at index 2)' }]),
      'invalid-message',
    ],
  ])('is permanent for %s', (_, error, code) => {
    const failure = classifyDeliveryError(error);
    expect(failure).toMatchObject({ permanent: true, code });
    expect(failure.reason).not.toMatch(/[\r\n]/);
  });

  it.each([
    ['Temporal unreachable', serviceError(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233')],
    ['the RPC deadline', serviceError(4, 'Deadline exceeded after 10.001s')],
    ['a cancelled call', serviceError(1, 'Cancelled on client')],
    ['a rate limit', serviceError(8, 'namespace rate limit exceeded')],
    ['an unknown namespace (a setting)', serviceError(5, 'Namespace orders is not found.')],
    ['bad credentials (a setting)', serviceError(16, 'Request unauthorized.')],
    ['a server error', serviceError(13, 'something broke')],
    ['an aborted call', serviceError(10, 'aborted')],
    ['a plain error', new Error('socket hang up')],
    ['a system error (its code is a string)', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', details: 'x' })],
    ['something that is not an error', 'boom'],
  ])('is transient for %s', (_, error) => {
    expect(classifyDeliveryError(error)).toMatchObject({ permanent: false });
  });

  it('names the reason for the sender without the transport details', () => {
    expect(classifyDeliveryError(new PayloadTooLargeError('email message', 300_000, 262_144)).reason).toBe(
      'the message is too large to deliver (300000 bytes, the limit is 262144)',
    );
  });
});
