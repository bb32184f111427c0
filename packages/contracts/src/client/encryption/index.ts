export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, ENCRYPTION_KEY_ID_METADATA, PayloadDecryptionError, encryptedDataConverterFromEnv } from './codec';
export { createCodecServer } from './codec-server';
export type { CodecServerOptions } from './codec-server';
export { ENCRYPTION_ENV, ENCRYPTION_KEYS_VARIABLE, EncryptionKeyError, encryptionKeysFromEnv, parseEncryptionKeys } from './keys';
export type { EncryptionKey, EncryptionKeyRing } from './keys';
