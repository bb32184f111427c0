import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';

/** The SQLite file of the supplier directory and the purchase orders in the worker's data folder, unless `PROCUREMENT_DB_PATH` names another. */
export const PROCUREMENT_SQLITE_FILE = 'procurement.sqlite';

/** The procurement flow's settings of its store, declared once (tabled in the worker's and the starter's README). */
export const PROCUREMENT_ENV = {
  procurementDbPath: defineEnvVariable({
    name: 'PROCUREMENT_DB_PATH',
    schema: envSchemas.text('a file path'),
    default: '`<data>/procurement.sqlite`',
    meaning: 'SQLite file of the suppliers and purchase orders (created and seeded with samples if missing)',
  }),
} as const;
