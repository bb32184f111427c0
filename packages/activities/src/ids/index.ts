/**
 * Unguessable ids: the id secret (`ORCHESTRATOR_ID_SECRET`, or a development file) and the
 * `threadIdKey` activity. Re-exported by the package entry.
 *
 * @module
 */
export {
  DEV_ID_SECRET_FILE,
  ID_SECRET_ENV,
  ID_SECRET_MIN_BYTES,
  ID_SECRET_VARIABLE,
  IdSecretError,
  idSecretSourceFromEnv,
  isDevelopment,
  loadIdSecret,
} from './id-secret';
export type { IdSecretErrorCode, IdSecretSource } from './id-secret';
export { createIdActivities } from './id-activities';
export { requesterAttributeKey, requesterAttributeValue } from './requester-attribute';
export type { ThreadIdKey, ThreadIdKeyInput } from './id-activities';
