import {
  EnvVariableError,
  InvalidPayloadError,
  OrchestratorError,
  PayloadTooLargeError,
  parseEmailMessage,
  readEnv,
  envSchemas,
} from '@org/orchestrator-contracts';
import {
  EncryptionKeyError,
  PayloadDecryptionError,
  SignedTokenError,
  TemporalConfigError,
  encryptionKeysFromEnv,
  temporalConfigFromEnv,
} from '@org/orchestrator-contracts/client';
import { TracingConfigError } from '@org/orchestrator-contracts/tracing';

/** What `run` throws (undefined if it returns). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(OrchestratorError, () => {
  it('gives every error a stable code beside its class name and message', () => {
    const error = new OrchestratorError('Something', 'it broke', { cause: new Error('root') });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'OrchestratorError', code: 'Something', message: 'it broke' });
    expect((error.cause as Error).message).toBe('root');
  });

  it('is the base of the payload errors, which keep their names', () => {
    const thrown = thrownBy(() => parseEmailMessage({ messageId: 'x' }));
    expect(thrown).toBeInstanceOf(InvalidPayloadError);
    expect(thrown).toBeInstanceOf(OrchestratorError);
    expect(thrown).toMatchObject({ name: 'InvalidPayloadError', code: 'InvalidPayload' });
    const tooLarge = new PayloadTooLargeError('email message', 3, 2);
    expect(tooLarge).toBeInstanceOf(InvalidPayloadError);
    expect(tooLarge).toMatchObject({ name: 'PayloadTooLargeError', code: 'PayloadTooLarge' });
  });

  it('has one configuration error: every package’s name for it is the same class, code ConfigInvalid', () => {
    expect(TemporalConfigError).toBe(EnvVariableError);
    expect(TracingConfigError).toBe(EnvVariableError);
    expect(() => readEnv({ X: 'soon' }, 'X', envSchemas.duration, TemporalConfigError)).toThrow(EnvVariableError);
    const thrown = thrownBy(() => temporalConfigFromEnv({ TEMPORAL_TLS: 'maybe' }));
    expect(thrown).toBeInstanceOf(TemporalConfigError);
    expect(thrown).toMatchObject({ code: 'ConfigInvalid', variable: 'TEMPORAL_TLS' });
    // The key ring's error is a configuration error too, under its own name.
    const keys = thrownBy(() => encryptionKeysFromEnv({ ORCHESTRATOR_ENCRYPTION_KEYS: 'k1:short' }));
    expect(keys).toBeInstanceOf(EncryptionKeyError);
    expect(keys).toBeInstanceOf(EnvVariableError);
    expect(keys).toMatchObject({ name: 'EncryptionKeyError', code: 'ConfigInvalid', variable: 'ORCHESTRATOR_ENCRYPTION_KEYS' });
  });

  it('is the base of the client entry’s errors', () => {
    expect(new SignedTokenError('expired')).toMatchObject({ name: 'SignedTokenError', code: 'SignedTokenRefused' });
    expect(new PayloadDecryptionError('k1', 'bad tag')).toBeInstanceOf(OrchestratorError);
  });
});
