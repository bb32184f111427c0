import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { MailTransport } from '@org/orchestrator-email';
import { createSmtpTransport } from '@org/orchestrator-email';
import type { SmtpSink } from '@org/orchestrator-testing';
import { startSmtpSink } from '@org/orchestrator-testing';
import { createInboxLogger } from '../logger';
import { buildInboxServer } from '../server';
import { openSqliteInboxStore } from '../store/sqlite-inbox-store';
import { listenOnLoopback, noTemporal, testInboxConfig, testSignInLinks } from './support/test-inbox';

// The inbox's JSON log over real HTTP: one JSON object a line, and never a token from a URL path
// (sign-in and decision links are single-use credentials; a log reader must not be able to use them).
const SECRET = 'unit-test-secret-unit-test-secret-0123456789';

let sink: SmtpSink;
let transport: MailTransport;
let app: FastifyInstance;
const store = openSqliteInboxStore(':memory:');
let url: string;
const lines: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = createSmtpTransport(sink.url);
  const destination = new PassThrough();
  let pending = '';
  destination.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    lines.push(...complete.filter(Boolean));
  });
  const config = testInboxConfig(SECRET);
  const signInLinks = testSignInLinks(config, store, transport);
  app = await buildInboxServer({
    config,
    client: noTemporal,
    people: { approvers: ['a@orchestrator.test'], agents: [] },
    store,
    signInLinks,
    logger: createInboxLogger({ level: 'info', destination }),
  });
  url = await listenOnLoopback(app);
}, 30_000);

afterAll(async () => {
  await app?.close();
  await store.close();
  await transport?.close();
  await sink?.close();
});

describe('inbox JSON logs (pino)', () => {
  it('writes one JSON object a line, with the route pattern instead of the URL that carries a token', async () => {
    const tokens = ['SIGNINTOKENshouldNeverBeLogged1', 'DECISIONTOKENshouldNeverBeLogged2', 'UNROUTEDshouldNeverBeLogged3'];
    await fetch(`${url}/sign-in/${tokens[0]}`);
    await fetch(`${url}/links/${tokens[1]}`);
    await fetch(`${url}/nowhere/${tokens[2]}?token=${tokens[2]}`);
    for (let i = 0; i < 50 && lines.length < 6; i++) await new Promise((r) => setTimeout(r, 20));

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThanOrEqual(6); // a request and a response line each
    for (const entry of entries) {
      expect(entry).toMatchObject({ name: 'orchestrator-inbox', level: expect.stringMatching(/^(info|warn|error)$/) });
      expect(new Date(entry['time'] as string).toISOString()).toBe(entry['time']);
    }
    const routes = entries.map((e) => (e['req'] as { route?: string } | undefined)?.route).filter(Boolean);
    expect(routes).toEqual(expect.arrayContaining(['/sign-in/:token', '/links/:token']));
    for (const token of tokens) expect(lines.join('\n')).not.toContain(token);
  });
});
