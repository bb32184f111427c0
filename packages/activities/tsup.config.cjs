const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// Three entries: the activities; `./ledger`, the read-only ledger reader command-line tools use; `./database`, migrating and seeding PostgreSQL.
module.exports = tsupPreset({ entry: { index: 'src/index.ts', 'ledger/index': 'src/ledger/index.ts', 'database/index': 'src/database/index.ts' } });
