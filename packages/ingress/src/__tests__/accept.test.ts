import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessage } from '@org/orchestrator-contracts';
import { PAYLOAD_LIMITS, serializedPayloadBytes } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import * as email from '@org/orchestrator-email';
import * as fit from '../fit-payload';
import type { AcceptDependencies, QuarantineRecord } from '../index';
import { TransientDeliveryError, acceptRawMessage, createDirectoryQuarantine } from '../index';
import { memoryLogger } from './support/temporal';

jest.mock('../fit-payload', () => {
  const actual = jest.requireActual<typeof fit>('../fit-payload');
  return { ...actual, fitToSignalBudget: jest.fn(actual.fitToSignalBudget) };
});
jest.mock('@org/orchestrator-email', () => {
  const actual = jest.requireActual<typeof email>('@org/orchestrator-email');
  return { ...actual, parseRawEmail: jest.fn(actual.parseRawEmail) };
});

/** What the Temporal client throws: a ServiceError whose cause is the gRPC error. */
const serviceError = (code: number, details: string) =>
  Object.assign(new Error('Failed to signalWithStart Workflow', { cause: Object.assign(new Error(details), { code, details }) }), {
    name: 'ServiceError',
  });

const mail = (headers: Record<string, string>, body = 'Hello.') =>
  Buffer.from(
    `${Object.entries({ From: 'Alice <alice@acme.example>', To: 'orders@orders.example.com', Subject: 'Chairs', ...headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`,
    'utf8',
  );

describe(acceptRawMessage, () => {
  let dir: string;
  let signalled: { workflowId: string; message: EmailMessage }[];
  let failWith: unknown;
  let deps: AcceptDependencies;
  const logger = memoryLogger();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accept-'));
    signalled = [];
    failWith = undefined;
    const client = {
      workflow: {
        withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
        signalWithStart: async (_type: string, options: { workflowId: string; signalArgs: [EmailMessage] }) => {
          if (failWith) throw failWith;
          signalled.push({ workflowId: options.workflowId, message: options.signalArgs[0] });
          return { signaledRunId: 'run-1' };
        },
      },
    } as unknown as ThreadClient;
    deps = {
      client,
      blobStore: createDirectoryBlobStore(join(dir, 'blobs')),
      quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
      logger,
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const records = () =>
    (existsSync(join(dir, 'quarantine')) ? readdirSync(join(dir, 'quarantine')) : [])
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, 'quarantine', f), 'utf8')) as QuarantineRecord);

  it('delivers a message that fits', async () => {
    const outcome = await acceptRawMessage(mail({ 'Message-ID': '<ok@acme.example>' }), deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'delivered', receipt: { workflowId: 'email-thread:<ok@acme.example>' } });
  });

  it.each([
    ['a workflow id over the server’s limit', serviceError(3, 'WorkflowId exceeds maximum allowed length (101/100)'), 'workflow-id-too-long'],
    ['a payload over the blob limit', serviceError(3, 'Blob data size exceeds limit.'), 'payload-too-large'],
    ['an id SQL persistence cannot store', serviceError(14, 'pq: value too long for type character varying(255)'), 'workflow-id-too-long'],
  ])('quarantines a message Temporal refuses for good (%s) instead of deferring it', async (_, error, code) => {
    failWith = error;
    const raw = mail({ 'Message-ID': '<refused@acme.example>' });
    const outcome = await acceptRawMessage(raw, deps, { via: 'imap', uid: 7 });
    expect(outcome).toMatchObject({ status: 'quarantined', stage: 'delivery', code });
    expect(records()).toEqual([expect.objectContaining({ code, source: { via: 'imap', uid: 7 } })]);
    expect(logger.events).toContainEqual(expect.objectContaining({ event: 'ingress.refused', code }));
  });

  it.each([
    ['Temporal unreachable', serviceError(14, 'No connection established')],
    ['the RPC deadline', serviceError(4, 'Deadline exceeded')],
  ])('defers a message when %s, and keeps nothing', async (_, error) => {
    failWith = error;
    await expect(acceptRawMessage(mail({ 'Message-ID': '<later@acme.example>' }), deps, { via: 'smtp' })).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(records()).toEqual([]);
  });

  it('quarantines a Message-ID with a control character, naming it', async () => {
    const outcome = await acceptRawMessage(mail({ 'Message-ID': '<a\u0001b@acme.example>' }), deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'quarantined', stage: 'parse', code: 'invalid-message' });
    expect(outcome.status === 'quarantined' && outcome.reason).toMatch(/messageId: must not contain control characters \(found U\+0001 at index 2\)/);
    expect(signalled).toEqual([]);
  });

  it('quarantines a NUL in the header section, naming it', async () => {
    const outcome = await acceptRawMessage(mail({ 'Message-ID': '<a\u0000b@acme.example>' }), deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'quarantined', stage: 'parse', code: 'not-an-email' });
    expect(outcome.status === 'quarantined' && outcome.reason).toMatch(/NUL/);
  });

  it('delivers an overlong Message-ID under a hashed workflow id, the thread id intact', async () => {
    const id = `<${'x'.repeat(984)}@acme.example>`.slice(0, 998 - 1) + '>';
    const outcome = await acceptRawMessage(mail({ 'Message-ID': id }), deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'delivered', receipt: { threadId: id } });
    expect(signalled[0]?.workflowId).toMatch(/^email-thread:sha256:[0-9a-f]{64}$/);
    expect(signalled[0]?.message.threadId).toBe(id);
  });

  it('quarantines a Message-ID longer than the schema allows', async () => {
    const outcome = await acceptRawMessage(mail({ 'Message-ID': `<${'y'.repeat(1200)}@acme.example>` }), deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'quarantined', code: 'invalid-message' });
    expect(outcome.status === 'quarantined' && outcome.reason).toMatch(/messageId: Too big/);
  });

  it('fits a message into the signal budget before signalling it, and records the cut', async () => {
    const references = Array.from({ length: 400 }, (_, i) => `<${i}.${'日'.repeat(600)}@acme.example>`);
    const raw = mail({ 'Message-ID': '<fit@acme.example>', References: references.join('\r\n ') }, '\u0001'.repeat(30_000));
    const outcome = await acceptRawMessage(raw, deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'delivered' });
    const sent = signalled[0]?.message as EmailMessage;
    expect(serializedPayloadBytes(sent)).toBeLessThanOrEqual(PAYLOAD_LIMITS.signalBudgetBytes);
    expect(sent.threadId).toBe(references[0]);
    expect(sent.references[0]).toBe(sent.threadId);
    expect(sent.trimmed).toEqual([{ part: 'references', kept: sent.references.length, of: 400 }]);
    expect(sent.textRef).toBeDefined();
    expect(logger.events).toContainEqual(expect.objectContaining({ event: 'ingress.fitted', messageId: '<fit@acme.example>', stored: ['text'] }));
  });

  it('quarantines what still does not fit the budget', async () => {
    const outcome = await acceptRawMessage(mail({ 'Message-ID': '<big@acme.example>' }), { ...deps, signalBudgetBytes: 200 }, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'quarantined', stage: 'delivery', code: 'payload-too-large' });
    expect(signalled).toEqual([]);
  });

  it('quarantines a message the parser crashes on (it would crash on every retry)', async () => {
    jest.mocked(email.parseRawEmail).mockRejectedValueOnce(new RangeError('Maximum call stack size exceeded'));
    const outcome = await acceptRawMessage(mail({ 'Message-ID': '<deep@acme.example>' }), deps, { via: 'smtp' });
    expect(outcome).toMatchObject({ status: 'quarantined', stage: 'parse', code: 'parse-failed', reason: 'the message could not be parsed (RangeError)' });
  });

  it('quarantines a message that fitting crashes on, and defers one whose body the blob store cannot take while fitting', async () => {
    jest.mocked(fit.fitToSignalBudget).mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'length')"));
    const crashed = await acceptRawMessage(mail({ 'Message-ID': '<fit-crash@acme.example>' }), deps, { via: 'smtp' });
    expect(crashed).toMatchObject({
      status: 'quarantined',
      stage: 'delivery',
      code: 'fit-failed',
      reason: 'the message could not be prepared for delivery (TypeError)',
    });

    const references = Array.from({ length: 250 }, (_, i) => `<${i}.${'日'.repeat(300)}@acme.example>`);
    const raw = mail({ 'Message-ID': '<fit-store@acme.example>', References: references.join('\r\n ') }, '\u0001'.repeat(30_000));
    const failing: BlobStore = { ...deps.blobStore, put: () => Promise.reject(new Error('EACCES')) };
    await expect(acceptRawMessage(raw, { ...deps, blobStore: failing }, { via: 'smtp' })).rejects.toThrow(/cannot store the message's bodies: EACCES/);
    expect(signalled).toEqual([]);
  });

  it('defers a message whose attachment the blob store cannot take', async () => {
    const failing: BlobStore = { ...deps.blobStore, put: () => Promise.reject(new Error('EACCES')) };
    const raw = Buffer.from(
      [
        'From: alice@acme.example',
        'Message-ID: <att@acme.example>',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--b',
        'Content-Type: application/pdf; name=a.pdf',
        'Content-Disposition: attachment; filename=a.pdf',
        '',
        'PDF',
        '--b--',
        '',
      ].join('\r\n'),
    );
    await expect(acceptRawMessage(raw, { ...deps, blobStore: failing }, { via: 'smtp' })).rejects.toThrow(/cannot store the message's parts: EACCES/);
    expect(records()).toEqual([]);
  });
});
