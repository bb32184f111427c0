import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { createFileOutbox } from '@org/orchestrator-email';
import { getThreadState } from '@org/orchestrator-contracts/client';
import { bundleWorkflowsForTest, createLocalTestEnv, stopAfterEachTest, uniqueTaskQueue } from '@org/orchestrator-testing';

const run = promisify(execFile);
const workspaceRoot = join(__dirname, '..', '..', '..');

/** Every file under `dir` whose name ends with `suffix` (native addons end in `.node`). */
function findFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findFiles(path, suffix);
    return name.endsWith(suffix) ? [path] : [];
  });
}

const consumerScript = `
import { parseEmailMessage, threadWorkflowId, InvalidPayloadError } from '@org/orchestrator-contracts';
import { createThreadClient, deliverEmail, temporalConfigFromEnv } from '@org/orchestrator-contracts/client';

async function main(): Promise<void> {
  const client = await createThreadClient();
  try {
    try {
      await deliverEmail(client, { messageId: 'x' }, { taskQueue: temporalConfigFromEnv().taskQueue });
      throw new Error('invalid email was accepted');
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
    }
    const email = parseEmailMessage({
      messageId: '<outside-1@other-team.example>',
      threadId: '<outside-1@other-team.example>',
      from: { address: 'buyer@other-team.example' },
      to: [{ address: 'orders@orchestrator.test' }],
      subject: 'Purchase request: 3 monitors',
      text: 'We need 3 monitors for the new office.',
      receivedAt: new Date().toISOString(),
    });
    const receipt = await deliverEmail(client, email, { taskQueue: temporalConfigFromEnv().taskQueue });
    console.log(JSON.stringify({ ...receipt, expectedWorkflowId: threadWorkflowId(email.threadId) }));
  } finally {
    await client.connection.close();
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('@org/orchestrator-contracts installed alone', () => {
  let env: TestWorkflowEnvironment;
  let project: string;

  beforeAll(async () => {
    env = await createLocalTestEnv();
    project = mkdtempSync(join(tmpdir(), 'contracts-consumer-'));
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    rmSync(project, { recursive: true, force: true });
  });

  it('packs, installs outside the workspace without worker or native modules, compiles and signals a running workflow', async () => {
    const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: join(workspaceRoot, 'packages', 'contracts') });
    const [{ filename, files }] = JSON.parse(packed) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.mjs',
        'dist/index.d.ts',
        'dist/index.d.mts',
        'dist/client/index.js',
        'dist/client/index.d.ts',
        'README.md',
      ]),
    );
    expect(paths.filter((p) => p.includes('__tests__') || p.endsWith('.test.ts'))).toEqual([]);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'other-team-service', private: true, version: '1.0.0' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts=false', join(project, filename), 'typescript@5.9.3', '@types/node@20.19.43'], {
      cwd: project,
      maxBuffer: 16 * 1024 * 1024,
    });
    const modules = join(project, 'node_modules');
    expect(existsSync(join(modules, '@org', 'orchestrator-contracts'))).toBe(true);
    expect(existsSync(join(modules, '@temporalio', 'worker'))).toBe(false);
    expect(existsSync(join(modules, '@temporalio', 'core-bridge'))).toBe(false);
    expect(findFiles(modules, '.node')).toEqual([]);

    // Compile as a CommonJS consumer with Node16 resolution (exports map and nested types).
    // skipLibCheck as Temporal's own samples use it: @temporalio/common 1.24's d.ts imports `ms`
    // 3.0 (canary), whose types Node16 resolution cannot find — an SDK issue, not ours.
    writeFileSync(join(project, 'signal.ts'), consumerScript);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, skipLibCheck: true, types: ['node'], outDir: 'out' },
        files: ['signal.ts'],
      }),
    );
    await run(join(modules, '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: project }).catch((error: { stdout?: string }) => {
      throw new Error(`consumer does not compile:\n${error.stdout}`);
    });
    // The ESM entry loads too, and its opt-in payload codec round-trips a payload.
    await run(
      'node',
      [
        '--input-type=module',
        '-e',
        "import { threadWorkflowId } from '@org/orchestrator-contracts'; import { deliverEmail } from '@org/orchestrator-contracts/client'; if (typeof deliverEmail !== 'function' || threadWorkflowId('<a@b>') !== 'email-thread:<a@b>') process.exit(1);",
      ],
      { cwd: project },
    );
    const codecCheck =
      "const { encryptedDataConverterFromEnv } = await import('@org/orchestrator-contracts/client'); const [codec] = encryptedDataConverterFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: 'k1:' + Buffer.alloc(32, 7).toString('base64') }).payloadCodecs;" +
      " const [sealed] = await codec.encode([{ metadata: {}, data: Buffer.from('secret') }]); const [opened] = await codec.decode([sealed]);" +
      " if (Buffer.from(sealed.data).includes('secret') || Buffer.from(opened.data).toString() !== 'secret') process.exit(1);";
    await run('node', ['--input-type=module', '-e', codecCheck], { cwd: project });

    const taskQueue = uniqueTaskQueue('consumer');
    const store = openSqliteStore(':memory:');
    const ledger = openSqliteOutboxLedger(':memory:');
    const worker = stopAfterEachTest(
      await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await bundleWorkflowsForTest(require.resolve('@org/orchestrator-workflows')),
        activities: createActivities({ store, outbound: { ledger, transport: createFileOutbox(join(project, 'outbox')) } }),
      }),
    );
    try {
      await worker.runUntil(async () => {
        const { stdout } = await run('node', [join(project, 'out', 'signal.js')], {
          cwd: project,
          env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default', TEMPORAL_TASK_QUEUE: taskQueue },
        });
        const receipt = JSON.parse(stdout) as { workflowId: string; expectedWorkflowId: string; threadId: string };
        expect(receipt.workflowId).toBe(receipt.expectedWorkflowId);
        // The running workflow received it: poll its state until the procurement flow decided. The
        // message carries no ingress authentication and no requester is allowed here, so the
        // request is held for a human (nothing goes to suppliers).
        const deadline = Date.now() + 20_000;
        for (;;) {
          const state = await getThreadState(env.client, receipt.threadId);
          if (state.flowState['step'] === 'needs-human' && state.messages[0]?.status === 'handled') {
            expect(state.flow).toBe('procurement');
            expect(state.messages).toMatchObject([{ messageId: receipt.threadId, outcome: { action: expect.stringMatching(/^held-for-human/) } }]);
            break;
          }
          if (Date.now() > deadline) throw new Error(`not handled: ${JSON.stringify(state)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      });
    } finally {
      store.close();
      await ledger.close();
    }
  }, 240_000);
});
