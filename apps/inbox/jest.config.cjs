const preset = require('../../jest.preset.cjs');

// openid-client and its dependencies ship ESM only; jest runs CommonJS, so swc transpiles them
// as the preset does franc-min's family (kept). The test OpenID provider runs in its own process.
const ESM_ONLY = ['franc-min', 'trigram-utils', 'n-gram', 'collapse-white-space', 'openid-client', 'oauth4webapi', 'jose'];
const ESM_PATTERN = `^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`;

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'inbox',
  transform: {
    ...preset.transform,
    [ESM_PATTERN]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};
