import { FLOW_MODULES, installedFlowConfigFromEnv } from '@org/orchestrator-installed-flows';
import { DEFAULT_INBOX_DATA_DIR, InboxConfigError, inboxConfigFromEnv, inboxPeople, mayUseInbox } from '../config';

const SECRET = 'config-test-secret-config-test-secret-0123';
const OIDC = { OIDC_ISSUER_URL: 'https://login.example.com/tenant', OIDC_CLIENT_ID: 'task-inbox', OIDC_CLIENT_SECRET: 'client-secret' };

const read = (env: Record<string, string>) => inboxConfigFromEnv({ INBOX_SECRET: SECRET, ...env });
const refusal = (env: Record<string, string>) => {
  try {
    read(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InboxConfigError);
    return `${(error as InboxConfigError).variable}: ${(error as Error).message}`;
  }
  throw new Error('accepted');
};

describe(inboxConfigFromEnv, () => {
  it('keeps magic links on, SQLite in the data folder and OpenID Connect off by default', () => {
    expect(read({})).toMatchObject({ magicLinks: true, dataDir: DEFAULT_INBOX_DATA_DIR });
    expect(read({}).oidc).toBeUndefined();
    expect(read({}).databaseUrl).toBeUndefined();
    expect(read({ DATABASE_URL: 'postgres://db/orchestrator', INBOX_DATA_DIR: '/var/lib/inbox' })).toMatchObject({
      databaseUrl: 'postgres://db/orchestrator',
      dataDir: '/var/lib/inbox',
    });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, as the worker does, instead of silently keeping SQLite', () => {
    expect(refusal({ DATABASE_URL: 'mysql://db/orchestrator' })).toMatch(/^DATABASE_URL: DATABASE_URL must be a PostgreSQL URL/);
    expect(refusal({ LOG_LEVEL: 'chatty' })).toBe('LOG_LEVEL: LOG_LEVEL must be one of debug, info, warn, error, got "chatty"');
  });

  it('reads OpenID Connect: the callback under the base URL, openid and email scopes', () => {
    expect(read({ ...OIDC, INBOX_BASE_URL: 'https://inbox.example.com/', OIDC_PROVIDER_NAME: 'Example SSO', INBOX_MAGIC_LINKS: 'false' })).toMatchObject({
      magicLinks: false,
      oidc: {
        issuerUrl: OIDC.OIDC_ISSUER_URL,
        clientId: 'task-inbox',
        clientSecret: 'client-secret',
        scopes: ['openid', 'email'],
        name: 'Example SSO',
        redirectUri: 'https://inbox.example.com/sign-in/oidc/callback',
      },
    });
    expect(read({ ...OIDC, OIDC_SCOPES: 'openid, email, profile' }).oidc?.scopes).toEqual(['openid', 'email', 'profile']);
    expect(read({ ...OIDC, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' }).oidc?.issuerUrl).toBe('http://127.0.0.1:9000');
  });

  it.each([
    [{ INBOX_MAGIC_LINKS: 'false' }, 'INBOX_MAGIC_LINKS: INBOX_MAGIC_LINKS may be false only with OpenID Connect configured'],
    [{ INBOX_MAGIC_LINKS: 'perhaps' }, 'INBOX_MAGIC_LINKS: INBOX_MAGIC_LINKS must be true or false'],
    [{ ...OIDC, OIDC_ISSUER_URL: 'http://login.example.com' }, 'OIDC_ISSUER_URL: OIDC_ISSUER_URL must be an https URL (http only for a provider on loopback)'],
    [{ ...OIDC, OIDC_ISSUER_URL: 'login.example.com' }, 'OIDC_ISSUER_URL: OIDC_ISSUER_URL must be an absolute https URL'],
    [{ ...OIDC, OIDC_CLIENT_SECRET: '' }, 'OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET is required with OIDC_ISSUER_URL'],
    [{ ...OIDC, OIDC_CLIENT_ID: ' ' }, 'OIDC_CLIENT_ID: OIDC_CLIENT_ID is required with OIDC_ISSUER_URL'],
    [{ OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' }, 'OIDC_ISSUER_URL: OIDC_ISSUER_URL is required with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET'],
    [{ ...OIDC, OIDC_SCOPES: 'openid,profile' }, 'OIDC_SCOPES: OIDC_SCOPES must include email'],
  ])('refuses %j', (env, message) => {
    expect(refusal(env)).toContain(message);
  });
});

describe(inboxPeople, () => {
  it('lets the approvers of the approval policies’ tiers sign in, with the flows’ approvers and agents', () => {
    const flows = installedFlowConfigFromEnv({
      PROCUREMENT_APPROVAL_TIERS: '5000:CFO@acme.example,ceo@acme.example',
      SUPPORT_REFUND_APPROVAL_TIERS: '500:lead@shop.example',
    });
    const people = inboxPeople(flows, FLOW_MODULES);
    for (const address of ['cfo@acme.example', 'ceo@acme.example', 'lead@shop.example', 'approver@orchestrator.local', 'agent@orchestrator.local']) {
      expect(mayUseInbox(people, address)).toBe(true);
    }
    expect(mayUseInbox(people, 'mallory@example.com')).toBe(false);
  });
});
