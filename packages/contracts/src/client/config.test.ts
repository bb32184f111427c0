import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporalConfigError, connectionOptions, temporalConfigFromEnv } from './config';

describe('temporalConfigFromEnv (@temporalio/envconfig profiles and the standard variables)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'envconfig-'));
    writeFileSync(
      join(dir, 'temporal.toml'),
      [
        '[profile.default]',
        'address = "dev.internal:7233"',
        '',
        '[profile.prod]',
        'address = "prod.tmprl.cloud:7233"',
        'namespace = "orders.acct"',
        'api_key = "key-from-file"',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'ca.pem'), 'not really a certificate');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = () => join(dir, 'temporal.toml');

  it('defaults to the local dev server without a file or variables', () => {
    expect(temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: join(dir, 'missing.toml') })).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'agent-orchestrator',
    });
  });

  it('reads the default profile, a named one, and lets variables override the file', () => {
    expect(temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: file() }).address).toBe('dev.internal:7233');
    const prod = temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: file(), TEMPORAL_PROFILE: 'prod', TEMPORAL_NAMESPACE: 'orders.override' });
    expect(prod).toMatchObject({ address: 'prod.tmprl.cloud:7233', namespace: 'orders.override', profile: { apiKey: 'key-from-file' } });
    // An API key implies TLS.
    expect(connectionOptions(prod)).toEqual({ address: 'prod.tmprl.cloud:7233', tls: {}, apiKey: 'key-from-file' });
  });

  it('takes TEMPORAL_TLS as every boolean setting does, and refuses anything else', () => {
    const env = { TEMPORAL_CONFIG_FILE: file(), TEMPORAL_API_KEY: 'k' };
    expect(connectionOptions(temporalConfigFromEnv({ ...env, TEMPORAL_TLS: 'no' })).tls).toBe(false);
    expect(connectionOptions(temporalConfigFromEnv({ ...env, TEMPORAL_TLS: 'Yes' })).tls).toEqual({});
    expect(() => temporalConfigFromEnv({ ...env, TEMPORAL_TLS: 'sure' })).toThrow(
      new TemporalConfigError('TEMPORAL_TLS', 'must be true or false (true, 1, yes, on, false, 0, no, off), got "sure"'),
    );
  });

  it('reads TLS files and gRPC metadata, naming what is wrong', () => {
    const config = temporalConfigFromEnv({
      TEMPORAL_CONFIG_FILE: file(),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'ca.pem'),
      TEMPORAL_GRPC_META_X_TEAM: 'orders',
    });
    const options = connectionOptions(config);
    expect(Buffer.from((options.tls as { serverRootCACertificate: Buffer }).serverRootCACertificate).toString()).toBe('not really a certificate');
    expect(options.metadata).toEqual({ 'x-team': 'orders' });
    expect(() => temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: file(), TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem' })).toThrow(
      'TEMPORAL_TLS_CLIENT_KEY_PATH must be set together with its pair',
    );
    expect(() => connectionOptions(temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: file(), TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'nope.pem') }))).toThrow(
      TemporalConfigError,
    );
  });

  it('refuses an unknown profile, a broken file and a bad address', () => {
    expect(() => temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: file(), TEMPORAL_PROFILE: 'staging' })).toThrow(
      /^TEMPORAL_PROFILE cannot be used: Profile 'staging' not found/,
    );
    writeFileSync(join(dir, 'broken.toml'), '[profile.default\naddress = ');
    expect(() => temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: join(dir, 'broken.toml') })).toThrow(/^TEMPORAL_CONFIG_FILE cannot be used/);
    expect(() => temporalConfigFromEnv({ TEMPORAL_CONFIG_FILE: file(), TEMPORAL_ADDRESS: 'http://x' })).toThrow('TEMPORAL_ADDRESS must be host:port');
  });
});
