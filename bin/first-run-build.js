// Builds dist/ for a copy of leakguard that has none: an install from git (`npm install -g
// git+https://...`, or the pre-commit framework's `language: node`, which installs this repository
// that way). The package deliberately has no `prepare` (nor `build`, `prepack`, `install`...) script:
// npm prepares a git dependency that has one by running a second install, which inherits the first
// one's `--global` (npm/cli#8440) and so unpacks into the very directory the first install is
// unpacking into; the two race (ENOTEMPTY, TAR_ENTRY_ERROR) and the install fails. So the package
// ships its sources and scripts/build.mjs, and the first run builds: into a private directory,
// renamed into place, so two first runs at once both end with one complete dist/. Nothing but a
// one-line notice is written (stdout stays the command's); a failure is one line and exit 2.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');

function fail(msg) {
  process.stderr.write(`leakguard: ${msg}\n`);
  process.exit(2);
}

/** Build `<pkg>/dist` and return the path of its main.cjs. */
function buildDist(pkg) {
  const dist = join(pkg, 'dist');
  const main = join(dist, 'main.cjs');
  const script = join(pkg, 'scripts', 'build.mjs');
  if (!existsSync(script)) fail('cannot start: dist/ is missing and this copy has no scripts/build.mjs to build it; reinstall leakguard');
  process.stderr.write('leakguard: first run of this install: building dist/ (once)\n');
  // A directory of its own (not named by PID: two first runs may share the package from two containers).
  let tmp;
  try {
    tmp = mkdtempSync(join(pkg, 'dist.build-'));
  } catch (err) {
    fail(`cannot start: dist/ is missing and ${pkg} is not writable to build it (${(err && err.code) || 'error'}); run \`npm run bundle\` there`);
  }
  const r = spawnSync(process.execPath, [script], {
    cwd: pkg,
    env: { ...process.env, LEAKGUARD_OUTDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  // Only a build that exited 0 is complete (its main.cjs is written before the rest).
  if (r.status !== 0 || !existsSync(join(tmp, 'main.cjs'))) {
    rmSync(tmp, { recursive: true, force: true });
    const why = (r.stderr || '').split('\n').find((l) => l.trim()) || (r.error && r.error.code) || `exit ${r.status}`;
    fail(`cannot start: building dist/ failed (${why.trim().slice(0, 300)}); run \`npm run bundle\` in ${pkg}`);
  }
  try {
    renameSync(tmp, dist);
  } catch {
    // Another first run got there first (or dist/ appeared meanwhile): use that one.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(main)) fail(`cannot start: could not move the built dist/ into ${pkg}`);
  }
  return main;
}

module.exports = { buildDist };
