#!/usr/bin/env node
// Entry point: the bundled CLI lives in dist/ (built by `npm run build`, run automatically by `npm ci`).
// CommonJS (bin/package.json), so starting it does not start Node's ES module loader.
'use strict';
let main;
try {
  main = require.resolve('../dist/main.cjs');
} catch (err) {
  process.stderr.write(`leakguard: cannot start (${err && err.code ? err.code : 'load error'}); run \`npm run build\` in the leakguard package\n`);
  process.exit(2);
}
require(main);
