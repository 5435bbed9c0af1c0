// The generated legacy repository (test/detect/planted/repo.ts): every planted AWS key and password
// must be reported on its line, and no look-alike or ordinary line may be.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import { plantedRepo, textOf } from './planted/repo.js';
import { scorePlanted } from './planted/score.js';

function builtinDetector(): Detector {
  const empty = mkdtempSync(join(tmpdir(), 'lg-planted-'));
  try {
    return new Detector(loadConfig({ root: empty }));
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

const detector = builtinDetector();
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('planted legacy repo', () => {
  for (const f of plantedRepo(1)) {
    it(`${f.path}: finds every planted secret and nothing else`, () => {
      for (const seed of SEEDS) {
        const file = plantedRepo(seed).find((x) => x.path === f.path)!;
        const lines = new Set(detector.detect({ path: file.path, text: textOf(file) }).map((x) => x.line));
        const missed = file.lines.flatMap((l, i) => (l.secret && !lines.has(i + 1) ? [`line ${i + 1} (seed ${seed}): ${l.text.trim()}`] : []));
        const extra = file.lines.flatMap((l, i) => (!l.secret && lines.has(i + 1) ? [`line ${i + 1} (${l.lookalike ?? 'plain'}): ${l.text.trim()}`] : []));
        expect({ missed, extra }).toEqual({ missed: [], extra: [] });
      }
    });
  }

  it('covers many formats, many plants and many look-alikes', () => {
    const files = plantedRepo(1);
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.flatMap((f) => f.lines).filter((l) => l.secret).length).toBeGreaterThanOrEqual(80);
    expect(files.flatMap((f) => f.lines).filter((l) => l.lookalike).length).toBeGreaterThanOrEqual(100);
  });

  it('scores recall and precision >= 0.95 by (file, line) over several seeds', () => {
    const s = scorePlanted((f) => detector.detect(f), SEEDS);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('holds no credential-looking string in the committed generator (values are built at run time)', () => {
    // The generator's source, scanned as a file, yields nothing: fixtures are assembled when the test runs.
    const dir = fileURLToPath(new URL('./planted/', import.meta.url));
    const files = ['repo.ts', 'values.ts', 'score.ts'].map((n) => join(dir, n));
    for (const p of files) {
      const text = readFileSync(p, 'utf8');
      expect(detector.detect({ path: `test/detect/planted/${p.split('/').pop()}`, text }).map((x) => `${x.ruleId}:${x.line}`)).toEqual([]);
    }
  });
});
