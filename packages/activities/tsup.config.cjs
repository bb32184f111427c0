const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// Two entries: the activities, and `./ledger`, the read-only ledger reader command-line tools use.
module.exports = tsupPreset({ entry: { index: 'src/index.ts', 'ledger/index': 'src/ledger/index.ts' } });
