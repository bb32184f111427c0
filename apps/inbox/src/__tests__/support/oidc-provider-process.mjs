// A real OpenID provider (panva's oidc-provider) for the inbox's tests, in its own process (it is
// ESM-only; jest runs CommonJS). Listens on 127.0.0.1, prints one JSON line { issuer, port } when
// ready. Settings come as JSON in OIDC_TEST_PROVIDER: { issuer?, client: { id, secret, redirectUri, postLogoutRedirectUri? },
// accounts: { <login>: { email, email_verified? } } }. Sign-in uses the provider's development
// pages (any password): the login typed is the account.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const issuer = (settings.issuer ?? 'http://127.0.0.1:{port}').replace('{port}', String(port));

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: settings.client.id,
      client_secret: settings.client.secret,
      redirect_uris: [settings.client.redirectUri],
      ...(settings.client.postLogoutRedirectUri ? { post_logout_redirect_uris: [settings.client.postLogoutRedirectUri] } : {}),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['oidc-test-provider-cookie-key-0123456789'] },
  async findAccount(_ctx, id) {
    const account = settings.accounts?.[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
});
// The development pages warn on every request; the tests read only stdout's first line.
provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider server_error: ${error.stack}\n`));
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
