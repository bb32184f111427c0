import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { createFileOutbox } from '@org/orchestrator-email';
import { RulesProvider, createAgents } from '@org/orchestrator-agents';
import { createActivities } from '../create-activities';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import type { OutboxLedger } from '../store/outbox-ledger';
import { openSqliteStore } from '../store/sqlite-store';
import type { FlowConfig } from './flow-config';
import { flowConfig } from './flow-config';
import { quietLogger } from '@org/orchestrator-testing';

// The flows' own activities are their packages' tests (procurement, support-desk, invoice-matching).

describe('flow activities', () => {
  let dir: string;
  let blobStore: BlobStore;
  let ledger: OutboxLedger;
  let activities: ReturnType<typeof createActivities>;
  const store = openSqliteStore(':memory:');
  const env = new MockActivityEnvironment({ activityId: 'flow-1' }, { logger: quietLogger });
  const flows = flowConfig({ searchAttributes: false, trust: { autoReplies: { perThread: 2 } } });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flow-activities-'));
    blobStore = createDirectoryBlobStore(path.join(dir, 'blobs'));
    ledger = openSqliteOutboxLedger(path.join(dir, 'ledger.sqlite'));
    activities = createActivities({ store, outbound: { ledger, transport: createFileOutbox(path.join(dir, 'outbox')), blobStore }, flows });
  });
  afterAll(async () => {
    await ledger.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('loadFlowConfig', () => {
    it('returns the configured policy, saying the default (rules) agents answer in-process', async () => {
      const config: FlowConfig = await env.run(activities.loadFlowConfig);
      expect(config).toEqual({ ...flows, agentsInline: true });
      expect(config.trust.autoReplies.perThread).toBe(2);
    });

    it('leaves agents given by the caller (a remote provider) out of process unless told', async () => {
      const dependencies = { store, outbound: { ledger, transport: createFileOutbox(path.join(dir, 'outbox')), blobStore }, flows };
      const given = createActivities({ ...dependencies, agents: createAgents(new RulesProvider()) });
      const fromGiven: FlowConfig = await env.run(given.loadFlowConfig);
      expect(fromGiven.agentsInline).toBeUndefined();
      const inline = createActivities({ ...dependencies, agents: createAgents(new RulesProvider()), agentsInline: true });
      const fromInline: FlowConfig = await env.run(inline.loadFlowConfig);
      expect(fromInline.agentsInline).toBe(true);
    });

    it('hands out the default flow configuration of its flow modules when given none', async () => {
      const bareLedger = openSqliteOutboxLedger(':memory:');
      const mailbox = { address: 'sample@orchestrator.local' };
      // A flow module's settings give it its part (the flows' own: their packages and installed-flows).
      const sample = { name: 'invoice' as const, settings: { env: [], fromEnv: () => ({}), configure: () => ({ mailboxes: { orchestrator: mailbox } }) } };
      const bare = createActivities({ store, outbound: { ledger: bareLedger, transport: createFileOutbox(tmpdir()) }, flowModules: [sample] });
      const config: FlowConfig = await env.run(bare.loadFlowConfig);
      expect(config).toEqual({ ...flowConfig(), mailboxes: { orchestrator: mailbox }, agentsInline: true });
      await bareLedger.close();
    });
  });
});
