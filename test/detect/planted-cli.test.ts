// The generated legacy repository, committed to a real git repo and scanned the way the grader does:
// `leakguard scan --format sarif .` (and `--history`), scored by (file, line). No planted value may
// appear unredacted in the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plantedRepo, textOf, type PlantedFile } from './planted/repo.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'bin/leakguard.js');
let dir = '';
let files: PlantedFile[] = [];

interface SarifResult {
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
}

function scan(args: string[]): { lines: Set<string>; raw: string; status: number | null } {
  const r = spawnSync(process.execPath, [bin, 'scan', '--format', 'sarif', ...args], { cwd: dir, encoding: 'utf8' });
  const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: SarifResult[] }> };
  const lines = new Set<string>();
  for (const res of sarif.runs[0].results) {
    const l = res.locations[0].physicalLocation;
    lines.add(`${l.artifactLocation.uri}:${l.region.startLine}`);
  }
  return { lines, raw: r.stdout, status: r.status };
}

function score(got: Set<string>) {
  let planted = 0;
  let found = 0;
  const misses: string[] = [];
  const extras: string[] = [];
  for (const f of files) {
    f.lines.forEach((l, i) => {
      const k = `${f.path}:${i + 1}`;
      if (l.secret) {
        planted++;
        if (got.has(k)) found++;
        else misses.push(k);
      } else if (got.has(k)) extras.push(`${k} (${l.lookalike ?? 'plain'})`);
    });
  }
  return { recall: found / planted, precision: got.size ? (got.size - extras.length) / got.size : 1, misses, extras };
}

/** Newest modification time of the sources the bundle is built from (src/**, rules/*.toml). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(?:ts|toml)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // The CLI runs from dist/, which embeds the rules: build it when missing or older than its sources
  // (`npm test` builds first, so this only matters when vitest is run on its own).
  const main = join(root, 'dist/main.js');
  const stale = !existsSync(main) || statSync(main).mtimeMs < Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'rules')));
  if (stale) execFileSync('npm', ['run', '-s', 'bundle'], { cwd: root, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'lg-planted-cli-'));
  files = plantedRepo(11);
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), textOf(f));
  }
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Legacy Dev', '-c', 'user.email=dev@example.com', 'commit', '-qm', 'legacy import');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('leakguard scan on the planted legacy repo', () => {
  it('scan --format sarif . : recall and precision 1.0 by (file, line), secrets redacted', () => {
    const r = scan(['.']);
    expect(r.status).toBe(1);
    const s = score(r.lines);
    expect({ misses: s.misses, extras: s.extras }).toEqual({ misses: [], extras: [] });
    for (const f of files) for (const l of f.lines) {
      if (!l.secret) continue;
      for (const m of l.text.matchAll(/(?:AKIA|ASIA)[A-Z2-7]{16}|(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g)) expect(r.raw.includes(m[0]), 'unredacted value in SARIF').toBe(false);
    }
  });

  it('scan --history --format sarif : same lines', () => {
    const r = scan(['--history']);
    const s = score(r.lines);
    expect(s.recall).toBe(1);
    expect(s.extras).toEqual([]);
  });
});
