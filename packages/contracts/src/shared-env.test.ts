import { EnvVariableError } from './env';
import { readEnvVariable } from './env-docs';
import { DEFAULT_BLOB_STORE_URL, SHARED_ENV, blobStoreSettingsFromEnv, databaseUrlFromEnv } from './shared-env';

class IngressishError extends EnvVariableError {
  override readonly name = 'IngressishError';
}

describe('SHARED_ENV', () => {
  it('takes only a PostgreSQL DATABASE_URL, whatever the process', () => {
    expect(databaseUrlFromEnv({})).toBeUndefined();
    expect(databaseUrlFromEnv({ DATABASE_URL: ' PostgreSQL://u:p@db:5432/o ' })).toBe('PostgreSQL://u:p@db:5432/o');
    expect(() => databaseUrlFromEnv({ DATABASE_URL: '.data/orchestrator.sqlite' })).toThrow(
      new EnvVariableError(
        'DATABASE_URL',
        'must be a PostgreSQL URL (postgres://user:password@host:5432/db); leave it unset for SQLite files, got ".data/orchestrator.sqlite"',
      ),
    );
    expect(() => databaseUrlFromEnv({ DATABASE_URL: 'mysql://db/o' }, IngressishError)).toThrow(IngressishError);
  });

  it('reads the ops port and the log level strictly', () => {
    expect(readEnvVariable({ METRICS_PORT: '9464' }, SHARED_ENV.metricsPort)).toBe(9464);
    expect(() => readEnvVariable({ METRICS_PORT: '9464x' }, SHARED_ENV.metricsPort)).toThrow('METRICS_PORT must be an integer from 0 to 65535');
    expect(readEnvVariable({ LOG_LEVEL: 'WARN' }, SHARED_ENV.logLevel)).toBe('warn');
    expect(() => readEnvVariable({ LOG_LEVEL: 'verbose' }, SHARED_ENV.logLevel)).toThrow('LOG_LEVEL must be one of debug, info, warn, error');
  });
});

describe(blobStoreSettingsFromEnv, () => {
  it('defaults to the directory store, and passes static credentials only as a pair', () => {
    expect(blobStoreSettingsFromEnv({})).toEqual({ url: DEFAULT_BLOB_STORE_URL, s3: {} });
    expect(blobStoreSettingsFromEnv({ BLOB_STORE_URL: 's3://mail/blobs', S3_ENDPOINT: 'http://127.0.0.1:9000', AWS_ACCESS_KEY_ID: 'id' })).toEqual({
      url: 's3://mail/blobs',
      s3: { endpoint: 'http://127.0.0.1:9000' },
    });
    expect(
      blobStoreSettingsFromEnv({
        BLOB_STORE_URL: 's3://mail',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'id',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 't',
      }),
    ).toEqual({ url: 's3://mail', s3: { region: 'eu-west-1', credentials: { accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 't' } } });
  });

  it('refuses a blob store URL blobStoreFromUrl could not open, naming the variable', () => {
    expect(() => blobStoreSettingsFromEnv({ BLOB_STORE_URL: 'ftp://files/blobs' }, IngressishError)).toThrow(
      new IngressishError('BLOB_STORE_URL', 'has an unsupported scheme (use a path, file:///dir or s3://bucket/prefix), got "ftp://files/blobs"'),
    );
    expect(() => blobStoreSettingsFromEnv({ BLOB_STORE_URL: 's3:///prefix' })).toThrow('BLOB_STORE_URL names no bucket');
    expect(blobStoreSettingsFromEnv({ BLOB_STORE_URL: 'file:///srv/blobs' }).url).toBe('file:///srv/blobs');
  });
});
