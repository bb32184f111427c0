import { z } from 'zod';
import type { EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { defineEnvVariable, emailAddressSchema, envSchemas, readEnvVariable } from '@org/orchestrator-contracts';
import type { InvoicePolicy } from '../schema';

// The policy (`InvoicePolicy`) is the flow's vocabulary: declared in ../schema. It is recorded in each
// thread's history by the `loadInvoicePolicy` activity, and a running thread keeps the one it started with.

/** No warehouse trusted until one is configured: a receipt from anyone else goes to a person. */
export const DEFAULT_INVOICE_POLICY: InvoicePolicy = {
  tolerance: { percent: 2, absolute: 5 },
  warehouseSenders: { addresses: [], domains: [] },
};

const addresses = envSchemas.list
  .pipe(z.array(emailAddressSchema.shape.address))
  .transform((list) => list.map((a) => a.toLowerCase()))
  .describe('email addresses, comma-separated');
const domains = envSchemas.list
  .pipe(z.array(z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,63}$/i, 'must be a domain name (no @, no wildcards)')))
  .transform((list) => list.map((d) => d.toLowerCase()))
  .describe('domain names, comma-separated (exact match)');

/** The invoice flow's settings, declared once (tabled in the worker README). */
export const INVOICE_ENV = {
  tolerancePercent: defineEnvVariable({
    name: 'INVOICE_TOLERANCE_PERCENT',
    schema: envSchemas.number({ min: 0, max: 100 }),
    default: '`2`',
    meaning:
      'How many percent an invoiced price or total may exceed the order and still be paid without the buyer (both this and the absolute limit must hold)',
  }),
  toleranceAbsolute: defineEnvVariable({
    name: 'INVOICE_TOLERANCE_ABSOLUTE',
    schema: envSchemas.number({ min: 0 }),
    default: '`5`',
    meaning: 'How much (in the invoice currency) an invoiced price or total may exceed the order and still be paid without the buyer',
  }),
  warehouseSenders: defineEnvVariable({
    name: 'INVOICE_WAREHOUSE_SENDERS',
    schema: addresses,
    default: 'unset (none)',
    meaning: 'Addresses whose authenticated goods receipts are recorded; a receipt from anyone else goes to a person',
  }),
  warehouseDomains: defineEnvVariable({
    name: 'INVOICE_WAREHOUSE_DOMAINS',
    schema: domains,
    default: 'unset (none)',
    meaning: 'Domains whose authenticated goods receipts are recorded (exact match)',
  }),
} as const;

/** The invoice policy from the environment (see {@link INVOICE_ENV}); a bad value throws the contracts' `EnvVariableError` naming it. */
export function invoicePolicyFromEnv(env: EnvSource): InvoicePolicy {
  const read = <T>(spec: EnvVariableSpec<T>): T | undefined => readEnvVariable(env, spec);
  return {
    tolerance: {
      percent: read(INVOICE_ENV.tolerancePercent) ?? DEFAULT_INVOICE_POLICY.tolerance.percent,
      absolute: read(INVOICE_ENV.toleranceAbsolute) ?? DEFAULT_INVOICE_POLICY.tolerance.absolute,
    },
    warehouseSenders: {
      addresses: read(INVOICE_ENV.warehouseSenders) ?? [],
      domains: read(INVOICE_ENV.warehouseDomains) ?? [],
    },
  };
}

/** The activity that hands the policy to the workflow. */
export function createInvoicePolicyActivities(policy: InvoicePolicy = DEFAULT_INVOICE_POLICY) {
  return {
    async loadInvoicePolicy(): Promise<InvoicePolicy> {
      return policy;
    },
  };
}

/** The type a workflow proxies. */
export type InvoicePolicyActivities = ReturnType<typeof createInvoicePolicyActivities>;
