const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// Three entries: the root loads no database; `./sqlite` and `./postgres` hold the thread index on each database.
module.exports = tsupPreset({ entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', postgres: 'src/postgres.ts' } });
