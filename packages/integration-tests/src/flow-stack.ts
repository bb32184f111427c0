import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendMailOptions, SentMessageInfo } from 'nodemailer';
import { createTransport } from 'nodemailer';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FlowConfigOverrides, InboxLinkSettings } from '@org/orchestrator-activities';
import { createActivities, openSqliteOutboxLedger, openSqliteStore } from '@org/orchestrator-activities';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { createSmtpTransport } from '@org/orchestrator-email';
import { openSqliteThreadIndex } from '@org/orchestrator-email/sqlite';
import type { DnsResolver } from '@org/orchestrator-ingress';
import { createDirectoryQuarantine, silentLogger, startSmtpIngress, staticDnsResolver } from '@org/orchestrator-ingress';
import { PROCUREMENT_SQLITE_FILE, openSqlitePurchaseOrderStore } from '@org/orchestrator-procurement/node';
import { SUPPORT_SQLITE_FILE, openSqliteSupportDesk } from '@org/orchestrator-support-desk/node';
import { RulesProvider } from '@org/orchestrator-agents';
import { INVOICE_SQLITE_FILE } from '@org/orchestrator-invoice-matching/node';
import { FLOW_MODULES, flowAgentRules, installedFlowConfig, openFlowModules } from '@org/orchestrator-installed-flows';
import type { ReceivedMail } from '@org/orchestrator-testing';
import { bundleWorkflowsForTest, createLocalTestEnv, eventually, lateBound, startSmtpSink, uniqueTaskQueue } from '@org/orchestrator-testing';

let counter = 0;
/** A Message-ID no other test (or earlier run) used. */
export const uniqueMessageId = (name: string, domain: string) => `<${name}.${Date.now().toString(36)}.${++counter}@${domain}>`;

/** The recipients of a received email, from its `To` header (lower case). */
export function recipients(mail: ReceivedMail): string[] {
  const to = mail.parsed.to;
  return (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** The `References` of a received email as a list. */
export function references(mail: ReceivedMail): string[] {
  const refs = mail.parsed.references;
  return refs === undefined ? [] : [refs].flat();
}

/** A flow stack's own settings: its temp folder's prefix, the domains its ingress accepts mail for, the flows' configuration. */
export interface FlowStackOptions {
  prefix: string;
  acceptDomains: string[];
  flows?: FlowConfigOverrides;
  escalationAddress?: string;
  inbox?: InboxLinkSettings;
  /** The installed flows' settings (e.g. the invoice flow's `INVOICE_*` variables: the warehouse's domain). */
  flowEnv?: Record<string, string>;
}

/**
 * Everything between an email client and the sink, on a real Temporal server: a worker with every
 * flow's dependencies (rules agents, SQLite stores with the seeded suppliers, customers and orders,
 * the sample knowledge base, a directory blob store) sending over SMTP to a real sink, and the SMTP
 * ingress delivering to Temporal. Worker and ingress share the thread index in the orchestrator's
 * SQLite file, each through its own handle, as the two processes of one host do. `send` mails the
 * ingress as a mail client would.
 */
export async function startFlowStack(env: TestWorkflowEnvironment, options: FlowStackOptions) {
  const dir = mkdtempSync(join(tmpdir(), `${options.prefix}-`));
  const sink = await startSmtpSink();
  const blobStore = createDirectoryBlobStore(join(dir, 'blobs'));
  const store = openSqliteStore(join(dir, 'orchestrator.sqlite'));
  const ledger = openSqliteOutboxLedger(join(dir, 'orchestrator.sqlite'));
  const workerThreadIndex = openSqliteThreadIndex(join(dir, 'orchestrator.sqlite'));
  const threadIndex = openSqliteThreadIndex(join(dir, 'orchestrator.sqlite'));
  const taskQueue = uniqueTaskQueue(options.prefix);
  const flows = installedFlowConfig({ searchAttributes: true, ...options.flows });
  const generic = createActivities({
    store,
    outbound: { ledger, transport: createSmtpTransport(sink.url), blobStore, threadIndex: workerThreadIndex },
    flows,
    ...(options.escalationAddress ? { escalationAddress: { address: options.escalationAddress } } : {}),
    ...(options.inbox ? { inbox: options.inbox } : {}),
    flowModules: FLOW_MODULES,
  });
  // The flows in packages of their own, installed as the worker installs them.
  const installed = await openFlowModules(
    FLOW_MODULES,
    {
      env: options.flowEnv ?? {},
      database: { kind: 'sqlite', directory: dir },
      agents: new RulesProvider({ rules: flowAgentRules() }),
      blobs: blobStore,
      flows,
    },
    generic,
  );
  // The support flow's desk and procurement's purchase orders, for tests to look at tickets and orders
  // (the flow modules have their own handles on the files).
  const desk = openSqliteSupportDesk(join(dir, SUPPORT_SQLITE_FILE));
  const purchaseOrders = openSqlitePurchaseOrderStore(join(dir, PROCUREMENT_SQLITE_FILE));
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflowsForTest(require.resolve('@org/orchestrator-workflows')),
    activities: { ...generic, ...installed.activities },
  });
  const running = worker.run();
  // Each sender domain publishes a DKIM key and a DMARC policy (made on first use): signed mail
  // from it is authenticated by the ingress exactly as real mail would be.
  const txt: Record<string, string[]> = {};
  const signingKeys = new Map<string, string>();
  const resolver: DnsResolver = (name, rrtype) => staticDnsResolver({ TXT: txt })(name, rrtype);
  const signingKey = (domain: string) => {
    let privateKey = signingKeys.get(domain);
    if (!privateKey) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      txt[`test._domainkey.${domain}`] = [`v=DKIM1; k=rsa; p=${pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`];
      txt[`_dmarc.${domain}`] = ['v=DMARC1; p=reject'];
      signingKeys.set(domain, privateKey);
    }
    return { domainName: domain, keySelector: 'test', privateKey };
  };
  const ingress = await startSmtpIngress({
    client: env.client,
    resolver,
    taskQueue,
    port: 0,
    acceptDomains: options.acceptDomains,
    blobStore,
    quarantine: createDirectoryQuarantine(join(dir, 'quarantine')),
    logger: silentLogger,
    threadIndex,
  });
  const mailClient = createTransport({ host: '127.0.0.1', port: ingress.port, secure: false, ignoreTLS: true });

  /** Received mail matching `predicate`, oldest first. */
  const received = (predicate: (mail: ReceivedMail) => boolean) => sink.received.filter(predicate);

  return {
    taskQueue,
    sink,
    desk,
    purchaseOrders,
    /** The invoice flow's SQLite file (open it with `openSqliteInvoiceStores` to look at receipts and payments). */
    invoiceDatabase: join(dir, INVOICE_SQLITE_FILE),
    /** The ingress's handle on the thread index. */
    threadIndex,
    received,
    /** Mail to `address` received so far. */
    mailTo: (address: string) => received((m) => recipients(m).includes(address.toLowerCase())),
    /**
     * Sends through the SMTP ingress, DKIM-signed by the `From:` domain unless `unsigned` (a forgery);
     * resolves once it answered 250 (Temporal accepted the message).
     */
    async send(mail: SendMailOptions, options: { unsigned?: boolean } = {}): Promise<SentMessageInfo> {
      const from = typeof mail.from === 'string' ? mail.from : (([mail.from].flat()[0] as { address?: string } | undefined)?.address ?? '');
      const domain = (/@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? '').toLowerCase();
      const info = (await mailClient.sendMail(options.unsigned ? mail : { ...mail, dkim: signingKey(domain) })) as SentMessageInfo & { response: string };
      if (!/^250/.test(info.response)) throw new Error(`ingress refused: ${info.response}`);
      return info;
    },
    /** Hands a raw message to the ingress as another mail server would (e.g. mail another orchestrator sent). */
    async relay(raw: Buffer, envelope: { from: string; to: string[] }): Promise<void> {
      const info = (await mailClient.sendMail({ envelope, raw })) as SentMessageInfo & { response: string };
      if (!/^250/.test(info.response)) throw new Error(`ingress refused: ${info.response}`);
    },
    /** Waits until `count` received emails match `predicate`, and returns those. */
    waitForMail(what: string, predicate: (mail: ReceivedMail) => boolean, count = 1, timeoutMs = 30_000): Promise<ReceivedMail[]> {
      return eventually(
        `${count} × ${what} at the sink`,
        () => {
          const found = received(predicate);
          return found.length >= count && found;
        },
        timeoutMs,
      );
    },
    async stop() {
      mailClient.close();
      await ingress.close();
      worker.shutdown();
      await running;
      await sink.close();
      store.close();
      await ledger.close();
      await threadIndex.close();
      await workerThreadIndex.close();
      await purchaseOrders.close();
      desk.close();
      await installed.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type FlowStack = Awaited<ReturnType<typeof startFlowStack>>;

/**
 * The set-up of an end-to-end test file: a Temporal dev server and the flow stack on it, started
 * before the file's tests (within `timeoutMs`) and stopped after them. Each test uses its own threads.
 */
export function flowStackSuite(options: FlowStackOptions, timeoutMs = 120_000): { env: TestWorkflowEnvironment; stack: FlowStack } {
  let env: TestWorkflowEnvironment | undefined;
  let stack: FlowStack | undefined;
  beforeAll(async () => {
    env = await createLocalTestEnv();
    stack = await startFlowStack(env, options);
  }, timeoutMs);
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });
  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('flowStackSuite starts in beforeAll (use it inside tests)');
    return value;
  };
  return { env: lateBound(() => started(env)), stack: lateBound(() => started(stack)) };
}
