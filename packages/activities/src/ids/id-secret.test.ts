import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdSecretError, idSecretSourceFromEnv, isDevelopment, loadIdSecret } from './id-secret';

const SECRET = '0123456789abcdef'.repeat(4);
let data: string;
beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'id-secret-'));
});
afterEach(() => rmSync(data, { recursive: true, force: true }));

describe(idSecretSourceFromEnv, () => {
  it('takes ORCHESTRATOR_ID_SECRET (its UTF-8 bytes) in any environment', () => {
    for (const NODE_ENV of ['production', 'development', undefined]) {
      expect(idSecretSourceFromEnv({ NODE_ENV, ORCHESTRATOR_ID_SECRET: ` ${SECRET} ` }, data)).toEqual({ kind: 'env', secret: Buffer.from(SECRET) });
    }
  });

  it.each(['production', 'staging'])('refuses NODE_ENV=%s without a secret, naming the variable', (NODE_ENV) => {
    const attempt = () => idSecretSourceFromEnv({ NODE_ENV, ORCHESTRATOR_ID_SECRET: '  ' }, data);
    expect(attempt).toThrow(IdSecretError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'ID_SECRET_MISSING', variable: 'ORCHESTRATOR_ID_SECRET' }));
    expect(attempt).toThrow(`ORCHESTRATOR_ID_SECRET is required when NODE_ENV=${NODE_ENV}`);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => idSecretSourceFromEnv({ ORCHESTRATOR_ID_SECRET: 'x'.repeat(31) }, data)).toThrow(expect.objectContaining({ code: 'ID_SECRET_TOO_SHORT' }));
  });

  it('uses a file in the data folder in development only', () => {
    expect(isDevelopment({})).toBe(true);
    expect(isDevelopment({ NODE_ENV: 'test' })).toBe(true);
    expect(isDevelopment({ NODE_ENV: 'production' })).toBe(false);
    expect(idSecretSourceFromEnv({ NODE_ENV: 'development' }, data)).toEqual({ kind: 'file', path: join(data, 'id-secret') });
    expect(existsSync(join(data, 'id-secret'))).toBe(false); // nothing written before it is loaded
  });
});

describe(loadIdSecret, () => {
  it('generates the development secret once, mode 0600, and reuses it', () => {
    const path = join(data, 'nested', 'id-secret');
    const first = loadIdSecret({ kind: 'file', path });
    expect(first.length).toBe(64);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(Buffer.from(loadIdSecret({ kind: 'file', path })).equals(Buffer.from(first))).toBe(true);
  });

  it('refuses a development secret others can read', () => {
    const path = join(data, 'id-secret');
    loadIdSecret({ kind: 'file', path });
    chmodSync(path, 0o644);
    expect(() => loadIdSecret({ kind: 'file', path })).toThrow(expect.objectContaining({ code: 'ID_SECRET_FILE_INSECURE' }));
  });
});
