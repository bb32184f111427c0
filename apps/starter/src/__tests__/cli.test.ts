import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporalConfigError } from '@org/orchestrator-contracts/client';
import { cliVersion, runCli } from '../cli';
import { TemporalUnavailableError } from '../errors';
import { FakeTemporal, TEST_CONFIG } from './fake-temporal';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const ROOT_ID = '<20250701091500.4F2A.maria@mail.acme-industries.example>';

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'starter-test-')), name);
  writeFileSync(path, content);
  return path;
}

const deliverFlags = ['--from', 'Maria Keller <maria@acme.example>', '--to', 'purchasing@example.com', '--subject', 'Purchase request', '--text', 'Chairs'];

describe('runCli', () => {
  let temporal: FakeTemporal;
  beforeEach(() => {
    temporal = new FakeTemporal();
  });

  describe('usage', () => {
    it('prints help on --help and exits 0 without connecting', async () => {
      const deps = temporal.deps();
      expect(await runCli(['--help'], deps)).toBe(0);
      expect(deps.io.stdout.join('\n')).toContain('Usage: orchestrator <command>');
      expect(await runCli(['deliver', '--help'], deps)).toBe(0);
      expect(deps.io.stdout.join('\n')).toContain('orchestrator deliver --file');
      expect(await runCli(['help', 'demo'], deps)).toBe(0);
      expect(deps.connect).not.toHaveBeenCalled();
    });

    it('prints the package version on --version and -V without connecting', async () => {
      const deps = temporal.deps();
      expect(await runCli(['--version'], deps)).toBe(0);
      expect(await runCli(['-V'], deps)).toBe(0);
      expect(deps.io.stdout).toEqual([cliVersion(), cliVersion()]);
      expect(cliVersion()).toMatch(/^\d+\.\d+\.\d+/);
      expect(deps.connect).not.toHaveBeenCalled();
    });

    it.each([
      [[], 'missing command'],
      [['send'], 'unknown command "send"'],
      [['deliver', '--bogus'], "Unknown option '--bogus'"],
      [['deliver', '--from', 'a@example.com'], 'missing --to, --subject, --text'],
      [['state'], 'missing <threadId>'],
      [['complete', 'a', 'b'], 'expected one <threadId>, got 2'],
      [['list', '--status', 'open'], '--status must be running or completed'],
      [['list', '--limit', '0'], '--limit must be a positive integer'],
      [['demo', '--timeout', 'soon'], '--timeout must be a positive number'],
      [['deliver', '--file', 'message.txt'], '--file must be a .json or .eml file'],
      [['deliver', '--file', 'm.json', '--from', 'a@example.com'], '--file cannot be combined with --from'],
    ])('%j exits 2 with the error and help text', async (argv, message) => {
      const deps = temporal.deps();
      expect(await runCli(argv, deps)).toBe(2);
      const stderr = deps.io.stderr.join('\n');
      expect(stderr).toContain(message);
      expect(stderr).toContain('Usage:');
      expect(deps.connect).not.toHaveBeenCalled();
    });
  });

  describe('deliver', () => {
    it('builds the message from flags and signals it with start', async () => {
      const deps = temporal.deps();
      expect(await runCli(['deliver', ...deliverFlags, '--cc', 'jo@acme.example'], deps)).toBe(0);

      expect(temporal.signalWithStartCalls).toHaveLength(1);
      const [call] = temporal.signalWithStartCalls;
      const messageId = '<00000000-0000-4000-8000-000000000001@orchestrator.local>';
      expect(call?.workflowType).toBe('emailThreadWorkflow');
      expect(call?.options).toMatchObject({
        workflowId: `email-thread:${messageId}`,
        taskQueue: TEST_CONFIG.taskQueue,
        args: [{ threadId: messageId }],
        signal: { name: 'NEW_MESSAGE' },
        signalArgs: [
          {
            messageId,
            threadId: messageId,
            from: { address: 'maria@acme.example', name: 'Maria Keller' },
            to: [{ address: 'purchasing@example.com' }],
            cc: [{ address: 'jo@acme.example' }],
            subject: 'Purchase request',
            text: 'Chairs',
            receivedAt: '2025-07-01T10:00:00.000Z',
          },
        ],
      });
      expect(deps.io.stdout.join('\n')).toContain(`delivered ${messageId}`);
      expect(deps.io.stdout.join('\n')).toMatch(/run\s+run-of-email-thread:/);
    });

    it('prints the receipt as JSON with --json', async () => {
      const deps = temporal.deps();
      const argv = ['deliver', ...deliverFlags, '--message-id', 'r@x', '--references', ROOT_ID, '--json'];
      expect(await runCli(argv, deps)).toBe(0);
      expect(JSON.parse(deps.io.stdout.join(''))).toEqual({
        threadId: ROOT_ID,
        messageId: '<r@x>',
        workflowId: `email-thread:${ROOT_ID}`,
        runId: `run-of-email-thread:${ROOT_ID}`,
      });
    });

    it('reports invalid fields and exits 2 without connecting', async () => {
      const deps = temporal.deps();
      const argv = ['deliver', '--from', 'not-an-address', '--to', 'b@example.com', '--subject', 's', '--text', 't'];
      expect(await runCli(argv, deps)).toBe(2);
      expect(deps.io.stderr).toEqual(['invalid email: from.address: must be a valid email address']);
      expect(deps.connect).not.toHaveBeenCalled();
      expect(temporal.signalWithStartCalls).toHaveLength(0);
    });

    it('delivers a JSON file', async () => {
      const message = {
        messageId: '<j@x>',
        threadId: '<j@x>',
        from: { address: 'a@example.com' },
        to: [],
        subject: 'From JSON',
        text: 'hi',
        receivedAt: '2025-07-01T10:00:00Z',
      };
      const deps = temporal.deps();
      expect(await runCli(['deliver', '--file', tempFile('m.json', JSON.stringify(message))], deps)).toBe(0);
      expect(temporal.signalWithStartCalls[0]?.options['signalArgs']).toEqual([expect.objectContaining({ subject: 'From JSON', cc: [] })]);
    });

    it('reads JSON from stdin with --file -', async () => {
      const message = {
        messageId: '<s@x>',
        threadId: '<s@x>',
        from: { address: 'a@example.com' },
        to: [],
        subject: 's',
        text: '',
        receivedAt: '2025-07-01T10:00:00Z',
      };
      const deps = temporal.deps();
      deps.io.readStdin = async () => JSON.stringify(message);
      expect(await runCli(['deliver', '--file', '-', '--json'], deps)).toBe(0);
      expect(JSON.parse(deps.io.stdout.join(''))).toMatchObject({ messageId: '<s@x>' });
    });

    it('names every invalid field of a JSON file', async () => {
      const deps = temporal.deps();
      const path = tempFile(
        'bad.json',
        JSON.stringify({ messageId: '<b@x>', threadId: '<b@x>', from: { address: 'nope' }, to: [], subject: 's', text: 't', receivedAt: 'yesterday' }),
      );
      expect(await runCli(['deliver', '--file', path], deps)).toBe(2);
      expect(deps.io.stderr.join('\n').split('\n')).toEqual([
        'invalid email: from.address: must be a valid email address',
        'invalid email: receivedAt: must be an ISO 8601 date-time',
      ]);
      expect(deps.connect).not.toHaveBeenCalled();
    });

    it('reports a file that is not JSON', async () => {
      const deps = temporal.deps();
      expect(await runCli(['deliver', '--file', tempFile('m.json', '{oops')], deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toMatch(/^invalid email: \(root\): .*m\.json is not valid JSON/);
    });

    it('parses and delivers an .eml file', async () => {
      const deps = temporal.deps();
      expect(await runCli(['deliver', '--file', join(SAMPLES, '04-purchase-request-reply.eml'), '--json'], deps)).toBe(0);
      expect(JSON.parse(deps.io.stdout.join(''))).toMatchObject({ threadId: ROOT_ID });
    });

    it('reports an .eml that is not an email', async () => {
      const deps = temporal.deps();
      expect(await runCli(['deliver', '--file', tempFile('junk.eml', 'just words\n')], deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toMatch(/^invalid email: .*\(not-an-email\)$/);
    });

    it('reports a missing file', async () => {
      const deps = temporal.deps();
      expect(await runCli(['deliver', '--file', '/nonexistent/m.eml'], deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toContain('cannot read /nonexistent/m.eml');
    });
  });

  describe('connection problems', () => {
    it('exits 1 with a clear message when Temporal is unreachable', async () => {
      const deps = temporal.deps({
        connect: jest.fn(async () => {
          throw new TemporalUnavailableError('localhost:7233', 'default', new Error('Failed to connect before the deadline'));
        }),
      });
      expect(await runCli(['state', '<a@x>'], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toContain('cannot reach Temporal at localhost:7233 (namespace default)');
      expect(deps.io.stderr.join('\n')).toContain('npm run temporal:start');
    });

    it('exits 1 when the server goes away mid-command (gRPC UNAVAILABLE)', async () => {
      temporal.failWith = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
      const deps = temporal.deps();
      expect(await runCli(['deliver', ...deliverFlags], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toContain(`cannot reach Temporal at ${TEST_CONFIG.address}`);
    });

    it('exits 2 for an unusable setting', async () => {
      const deps = temporal.deps({
        connect: jest.fn(async () => {
          throw new TemporalConfigError('TEMPORAL_ADDRESS', 'must be host:port, got "nowhere"');
        }),
      });
      expect(await runCli(['list'], deps)).toBe(2);
      expect(deps.io.stderr).toEqual(['configuration error: TEMPORAL_ADDRESS must be host:port, got "nowhere"']);
    });

    it('closes the session after the command', async () => {
      const close = jest.fn(async () => undefined);
      const deps = temporal.deps();
      deps.connect.mockResolvedValue({ client: temporal.client, config: TEST_CONFIG, close });
      await runCli(['list'], deps);
      expect(close).toHaveBeenCalledTimes(1);
    });
  });

  describe('complete, state, list', () => {
    beforeEach(async () => {
      await runCli(['deliver', '--file', join(SAMPLES, '01-purchase-request.eml')], temporal.deps());
    });

    it('complete sends COMPLETE_THREAD with the reason', async () => {
      const deps = temporal.deps();
      expect(await runCli(['complete', ROOT_ID, '--reason', 'order placed'], deps)).toBe(0);
      expect(temporal.signals).toEqual([
        { workflowId: `email-thread:${ROOT_ID}`, name: 'COMPLETE_THREAD', args: [{ reason: 'order placed', requestedBy: 'orchestrator-cli' }] },
      ]);
      expect(deps.io.stdout.join('\n')).toContain(`completion requested for thread ${ROOT_ID}`);
    });

    it('complete of an unknown thread exits 1 with a hint', async () => {
      const deps = temporal.deps();
      expect(await runCli(['complete', 'nope@x'], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toContain('thread ids are Message-IDs in angle brackets');
    });

    it('state prints a readable summary, or the ThreadState with --json', async () => {
      const deps = temporal.deps();
      expect(await runCli(['state', ROOT_ID], deps)).toBe(0);
      const text = deps.io.stdout.join('\n');
      expect(text).toMatch(/status\s+open/);
      expect(text).toMatch(/flow\s+procurement/);
      expect(text).toContain('[handled] <20250701091500.4F2A.maria@mail.acme-industries.example>');

      const json = temporal.deps();
      expect(await runCli(['state', ROOT_ID, '--json'], json)).toBe(0);
      expect(JSON.parse(json.io.stdout.join(''))).toMatchObject({ threadId: ROOT_ID, status: 'open', flow: 'procurement' });
    });

    it('state explains a query no worker answers', async () => {
      const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED: query timed out before a worker could process it'), { code: 4 });
      temporal.failWith = new Error('Failed to query Workflow', { cause: deadline });
      const deps = temporal.deps();
      expect(await runCli(['state', ROOT_ID], deps)).toBe(1);
      expect(deps.io.stderr).toEqual([`error: no answer to the state query of thread ${ROOT_ID}. Is a worker polling task queue 'test-queue'?`]);
    });

    it('list filters by status and query', async () => {
      const deps = temporal.deps();
      expect(await runCli(['list', '--status', 'running', '--query', "OrchestratorFlow = 'procurement'", '--limit', '5'], deps)).toBe(0);
      expect(temporal.listQueries).toEqual(["WorkflowType = 'emailThreadWorkflow' AND (ExecutionStatus = 'Running' AND (OrchestratorFlow = 'procurement'))"]);
      expect(deps.io.stdout.join('\n')).toMatch(new RegExp(`^RUNNING\\s+2025-07-01T10:00:00.000Z\\s+${ROOT_ID}$`));

      const json = temporal.deps();
      expect(await runCli(['list', '--json'], json)).toBe(0);
      expect(JSON.parse(json.io.stdout.join(''))).toEqual([expect.objectContaining({ threadId: ROOT_ID, status: 'RUNNING' })]);
    });
  });

  describe('demo', () => {
    it('delivers the samples, waits for handling, completes every thread and links the Web UI', async () => {
      temporal.handleAfterQueries = 3;
      const sleep = jest.fn(async () => undefined);
      const deps = temporal.deps({ sleep, env: { TEMPORAL_UI_URL: 'http://ui.example:8080/' } });
      expect(await runCli(['demo'], deps)).toBe(0);

      expect(temporal.signalWithStartCalls).toHaveLength(5);
      expect(sleep).toHaveBeenCalledWith(250);
      expect(temporal.signals.filter((s) => s.name === 'COMPLETE_THREAD')).toHaveLength(3);
      const out = deps.io.stdout.join('\n');
      expect(out).toContain(`Thread ${ROOT_ID}\n  flow                procurement\n  messages handled    2\n  duplicates ignored  0`);
      expect(out).toContain('Thread <CAK7u2x9Lq3@mail.customer.example>\n  flow                support\n  messages handled    1\n  duplicates ignored  1');
      expect(out).toMatch(/flow\s+unknown/);
      expect(out).toContain('Temporal Web UI: http://ui.example:8080');
      expect(out).toContain(`http://ui.example:8080/namespaces/test-ns/workflows/${encodeURIComponent(`email-thread:${ROOT_ID}`)}`);
    });

    it('prints one JSON document with --json', async () => {
      const deps = temporal.deps();
      expect(await runCli(['demo', '--json'], deps)).toBe(0);
      const result = JSON.parse(deps.io.stdout.join(''));
      expect(result).toMatchObject({ namespace: 'test-ns', uiUrl: 'http://localhost:8233' });
      expect(result.threads).toHaveLength(3);
      expect(result.threads[0]).toEqual({
        threadId: ROOT_ID,
        workflowId: `email-thread:${ROOT_ID}`,
        flow: 'procurement',
        messagesHandled: 2,
        duplicatesIgnored: 0,
        url: `http://localhost:8233/namespaces/test-ns/workflows/${encodeURIComponent(`email-thread:${ROOT_ID}`)}`,
      });
    });

    it('fails with a clear message when nothing handles the messages', async () => {
      temporal.workerRunning = false;
      const deps = temporal.deps({ sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
      expect(await runCli(['demo', '--timeout', '0.3'], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toMatch(
        /timed out after 0\.3s waiting for thread <.*>: 0 of \d messages handled\. Is a worker polling task queue 'test-queue'\?/,
      );
      expect(temporal.signals).toHaveLength(0);
    });

    it('fails when a thread does not complete in time, cancelling the wait', async () => {
      temporal.completes = false;
      const deps = temporal.deps();
      expect(await runCli(['demo', '--timeout', '0.2'], deps)).toBe(1);
      expect(temporal.signals.filter((s) => s.name === 'COMPLETE_THREAD')).toHaveLength(3);
      expect(deps.io.stderr).toEqual([`error: timed out after 0.2s waiting for thread ${ROOT_ID} to complete`]);
    });

    it('rejects a samples directory without emails', async () => {
      const deps = temporal.deps();
      expect(await runCli(['demo', '--samples', tmpdir() + '/no-such-dir'], deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toContain('cannot read samples directory');
      expect(deps.connect).not.toHaveBeenCalled();
    });
  });
});
