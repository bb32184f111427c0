import type { NativeConnection } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_TYPES } from '@org/orchestrator-contracts';

const CLI_TYPE: Record<string, string> = { KEYWORD: 'Keyword', DOUBLE: 'Double', BOOL: 'Bool' };

/**
 * Whether the namespace has every `Orchestrator*` search attribute. An upsert of an unregistered
 * attribute fails the workflow task, again on every retry, so a thread would stop: a worker that
 * finds some missing tells how to register them and runs with upserts off instead. Where the
 * operator API is not available to workers (e.g. Temporal Cloud), the configuration is trusted.
 */
export async function searchAttributesRegistered(
  connection: Pick<NativeConnection, 'operatorService'>,
  namespace: string,
  warn: (message: string) => void,
): Promise<boolean> {
  let registered: Record<string, unknown>;
  try {
    registered = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch {
    return true;
  }
  const missing = Object.entries(SEARCH_ATTRIBUTE_TYPES).filter(([name]) => !(name in registered));
  if (missing.length === 0) return true;
  warn(
    `namespace ${namespace} has no search attribute ${missing.map(([name]) => name).join(', ')}: threads will not publish search attributes. ` +
      `Register them, then restart the workers:\n` +
      missing
        .map(([name, type]) => `  temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${CLI_TYPE[type] ?? type}`)
        .join('\n'),
  );
  return false;
}
