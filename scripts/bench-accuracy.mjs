#!/usr/bin/env node
// `npm run bench:accuracy`: scores the detector on every public corpus in ../shared/corpora
// (or $LEAKGUARD_CORPORA) as corpora/README.md prescribes, and prints one table.
// The scoring lives in scripts/accuracy/bench.ts, run with vite-node so it uses the TypeScript sources.
// Flags: --verbose lists every miss and excess line (corpus text is fake data, but it is printed redacted).
// --min-confidence low|medium|high (default medium) sets the level the rows are scored at; --creddata-findings FILE
// writes the CredData findings as creddata/score.py input; --triage DIR... samples findings for labelling (scripts/accuracy/args.ts).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let viteNode;
try {
  viteNode = join(dirname(require.resolve('vite-node/package.json')), 'vite-node.mjs');
} catch {
  console.error('bench:accuracy: vite-node is not installed (run npm ci)');
  process.exit(2);
}
const r = spawnSync(process.execPath, [viteNode, join(root, 'scripts/accuracy/bench.ts'), '--', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 2);
