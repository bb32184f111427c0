import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvSource } from '@org/orchestrator-contracts';
import { OrchestratorError, SHARED_ENV, defineEnvVariable, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';

/** The variable that holds the secret behind every outbound Message-ID and RFQ id. */
export const ID_SECRET_VARIABLE = 'ORCHESTRATOR_ID_SECRET';
/** Fewest bytes (UTF-8) a secret may have: 256 bits, the size of the HMAC-SHA256 key it becomes. */
export const ID_SECRET_MIN_BYTES = 32;
/** File name of the development secret, kept in the worker's data folder. */
export const DEV_ID_SECRET_FILE = 'id-secret';

/** The id secret's variable, declared once (read by {@link idSecretSourceFromEnv}; the worker README's table). */
export const ID_SECRET_ENV = {
  secret: defineEnvVariable({
    name: ID_SECRET_VARIABLE,
    schema: envSchemas.text(`at least ${ID_SECRET_MIN_BYTES} bytes, e.g. \`openssl rand -hex 32\``),
    default: `in development, generated once into \`<data>/${DEV_ID_SECRET_FILE}\` (mode 0600)`,
    meaning:
      'The secret behind every outbound Message-ID and RFQ id (HMAC-SHA256), the same on every worker; **required** unless `NODE_ENV` is unset, `development` or `test` (the worker refuses to start with an `IdSecretError`)',
  }),
} as const;

export type IdSecretErrorCode = 'ID_SECRET_MISSING' | 'ID_SECRET_TOO_SHORT' | 'ID_SECRET_FILE_INSECURE';

/** The id secret is missing, too short, or its development file is readable by others; `code` says which. */
export class IdSecretError extends OrchestratorError {
  override readonly name = 'IdSecretError';
  readonly variable = ID_SECRET_VARIABLE;
  constructor(
    override readonly code: IdSecretErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * Where the id secret comes from: the environment (`ORCHESTRATOR_ID_SECRET`), or, in development
 * only, a file generated once in the data folder.
 */
export type IdSecretSource = { kind: 'env'; secret: Uint8Array } | { kind: 'file'; path: string };

/** `NODE_ENV` unset, `development` or `test`: the only environments that may generate their own secret. */
export function isDevelopment(env: EnvSource): boolean {
  const mode = readEnvVariable(env, SHARED_ENV.nodeEnv) ?? '';
  return mode === '' || mode === 'development' || mode === 'test';
}

function checked(secret: Uint8Array, where: string): Uint8Array {
  if (secret.length < ID_SECRET_MIN_BYTES) {
    throw new IdSecretError(
      'ID_SECRET_TOO_SHORT',
      `${where} must be at least ${ID_SECRET_MIN_BYTES} bytes (e.g. \`openssl rand -hex 32\`), got ${secret.length}`,
    );
  }
  return secret;
}

/**
 * Where to take the id secret from, checked without touching the disk. `ORCHESTRATOR_ID_SECRET`
 * (at least 32 bytes; its UTF-8 bytes are the secret) wins; without it, a development
 * environment ({@link isDevelopment}) uses `<dataDir>/id-secret`, any other refuses.
 * @throws {IdSecretError} `ID_SECRET_MISSING` outside development, `ID_SECRET_TOO_SHORT`.
 */
export function idSecretSourceFromEnv(env: EnvSource, dataDir: string): IdSecretSource {
  const raw = readEnvVariable(env, ID_SECRET_ENV.secret);
  if (raw) return { kind: 'env', secret: checked(Buffer.from(raw, 'utf8'), ID_SECRET_VARIABLE) };
  if (!isDevelopment(env)) {
    throw new IdSecretError(
      'ID_SECRET_MISSING',
      `${ID_SECRET_VARIABLE} is required when NODE_ENV=${env['NODE_ENV']}: outbound Message-IDs and RFQ ids are derived from it, ` +
        'so nobody outside can compute them (set it to at least 32 random bytes, e.g. `openssl rand -hex 32`, the same on every worker)',
    );
  }
  return { kind: 'file', path: join(dataDir, DEV_ID_SECRET_FILE) };
}

/**
 * The secret of `source`. A development file is created once (32 random bytes as hex, mode 0600)
 * and reused afterwards, so ids stay the same across restarts; one readable by group or others is
 * refused.
 * @throws {IdSecretError}
 */
export function loadIdSecret(source: IdSecretSource): Uint8Array {
  if (source.kind === 'env') return source.secret;
  const { path } = source;
  mkdirSync(dirname(path), { recursive: true });
  try {
    // 'wx': never overwrite a secret another worker process just created.
    writeFileSync(path, `${randomBytes(ID_SECRET_MIN_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // the umask may have narrowed nothing, but must not widen it either
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new IdSecretError('ID_SECRET_FILE_INSECURE', `${path} is readable by group or others: chmod 600 it (it holds the id secret)`);
  }
  return checked(Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8'), path);
}
