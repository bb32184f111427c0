import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';

/** The modes of `FLOW_REQUESTER_ATTRIBUTE` (see `FlowConfig.requesterAttribute`). */
export const REQUESTER_ATTRIBUTE_MODES = ['plain', 'hashed', 'off'] as const;
export type RequesterAttributeMode = (typeof REQUESTER_ATTRIBUTE_MODES)[number];

/** The search-attribute settings of the flows, declared once (read by `flowConfigFromEnv`; the worker README's table). */
export const SEARCH_ATTRIBUTE_ENV = {
  searchAttributes: defineEnvVariable({
    name: 'FLOW_SEARCH_ATTRIBUTES',
    schema: envSchemas.boolean,
    default: '`true`',
    meaning:
      "Publish the `Orchestrator*` search attributes (the repository's dev server and test environments register them). At start the worker checks the namespace: if some are missing it prints the `temporal operator search-attribute create` commands and runs with upserts off. `false` publishes none",
  }),
  requesterAttribute: defineEnvVariable({
    name: 'FLOW_REQUESTER_ATTRIBUTE',
    schema: envSchemas.oneOf(REQUESTER_ATTRIBUTE_MODES),
    default: '`plain`',
    meaning:
      '`OrchestratorRequester` alone: `plain` holds the address; `hashed` its HMAC-SHA256 under a key derived from the id secret (`requesterAttributeValue(address, idSecret)` computes it for a search); `off` publishes none. Applies to threads started after the change',
  }),
} as const;
