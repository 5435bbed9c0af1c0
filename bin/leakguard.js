#!/usr/bin/env node
// Entry point: the bundled CLI lives in dist/ (built by `npm run bundle`, which `npm test` runs).
// CommonJS (bin/package.json), so starting it does not start Node's ES module loader.
// A copy without dist/ (an install from git) builds it first, once: bin/first-run-build.js.
// Whatever is missing, it ends with one line and exit 2, never exit 1 (which a hook reads as findings).
'use strict';
function cannotStart(err) {
  process.stderr.write(`leakguard: cannot start (${(err && err.code) || 'load error'}); run \`npm run bundle\` in the leakguard package\n`);
  process.exit(2);
}
let main;
try {
  main = require.resolve('../dist/main.cjs');
} catch {
  let builder;
  try {
    builder = require('./first-run-build.js');
  } catch (err) {
    cannotStart(err);
  }
  main = builder.buildDist(require('node:path').join(__dirname, '..'));
}
try {
  require(main);
} catch (err) {
  // a dist/ that cannot be loaded (unreadable, corrupt)
  cannotStart(err);
}
