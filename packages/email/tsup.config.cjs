const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// Two entries: the root has no native module; `./sqlite` holds the SQLite thread index (better-sqlite3).
module.exports = tsupPreset({ entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts' } });
