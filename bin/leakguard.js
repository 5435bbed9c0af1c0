#!/usr/bin/env node
// Entry point: the bundled CLI lives in dist/ (built by `npm run bundle`, which `npm test` runs).
// CommonJS (bin/package.json), so starting it does not start Node's ES module loader.
// A copy without dist/ (an install from git) builds it first, once: bin/first-run-build.js.
'use strict';
let main;
try {
  main = require.resolve('../dist/main.cjs');
} catch {
  main = require('./first-run-build.js').buildDist(require('node:path').join(__dirname, '..'));
}
require(main);
