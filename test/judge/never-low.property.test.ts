// A guard on the judge's shape features: a random or human-made password in application code or
// deployable configuration is never lowered to low, whatever characters it is drawn from.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../../src/detect/engine.js';
import { loadConfig } from '../../src/config/load.js';

const detector = new Detector(loadConfig({ root: mkdtempSync(join(tmpdir(), 'lg-never-low-')) }));
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const WORDS = ['Summer', 'Winter', 'Dragon', 'Monkey', 'Liverpool', 'Sunshine', 'Football', 'Princess', 'Acme', 'Contoso'];

const alnum = fc.array(fc.constantFrom(...ALNUM), { minLength: 12, maxLength: 24 }).map((a) => a.join(''));
const human = fc
  .tuple(fc.constantFrom(...WORDS), fc.integer({ min: 1990, max: 2030 }), fc.constantFrom('!', '#', '@', '$', '*', '?'))
  .map(([w, y, s]) => `${w}${y}${s}`);

const places: Array<[string, (v: string) => string]> = [
  ['.env', (v) => `DB_PASSWORD=${v}\n`],
  ['docker-compose.yml', (v) => `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: "${v}"\n`],
  ['src/config/settings.py', (v) => `DATABASE_PASSWORD = "${v}"\n`],
  ['app/db.js', (v) => `const pool = new Pool({ user: 'app', password: '${v}' });\n`],
];

describe('judge: real-looking passwords where they are deployed are never low', () => {
  for (const [path, line] of places) {
    it(path, () => {
      fc.assert(
        fc.property(fc.oneof(alnum, human), (v) => {
          const found = detector.detect({ path, text: line(v) });
          expect(found.length, `${path}: no finding`).toBeGreaterThan(0);
          for (const f of found) expect(f.confidence, `${path}: ${f.reasons?.join('; ')}`).not.toBe('low');
        }),
        { numRuns: 400, seed: 11 },
      );
    });
  }
});
