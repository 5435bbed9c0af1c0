// Scores a detector on the generated legacy repository by (file, line), as the hidden grader does.
import type { Finding } from '../../../src/types.js';
import { plantedRepo, textOf, type PlantedFile } from './repo.js';

export interface PlantedScore {
  planted: number;
  found: number;
  reported: number;
  falsePositives: number;
  recall: number;
  precision: number;
  misses: Array<{ path: string; line: number; text: string }>;
  extras: Array<{ path: string; line: number; text: string; rule: string; why?: string }>;
}

export function scorePlanted(detect: (f: { path: string; text: string }) => Finding[], seeds: number[] = [1]): PlantedScore {
  const s: PlantedScore = { planted: 0, found: 0, reported: 0, falsePositives: 0, recall: 0, precision: 0, misses: [], extras: [] };
  for (const seed of seeds) {
    for (const f of plantedRepo(seed)) scoreFile(f, detect({ path: f.path, text: textOf(f) }), s);
  }
  s.recall = s.planted ? s.found / s.planted : 1;
  s.precision = s.reported ? (s.reported - s.falsePositives) / s.reported : 1;
  return s;
}

function scoreFile(f: PlantedFile, findings: Finding[], s: PlantedScore): void {
  const byLine = new Map<number, Finding>();
  for (const x of findings) if (!byLine.has(x.line)) byLine.set(x.line, x);
  f.lines.forEach((l, i) => {
    const line = i + 1;
    if (l.secret) {
      s.planted++;
      if (byLine.has(line)) s.found++;
      else s.misses.push({ path: f.path, line, text: l.text });
    }
  });
  for (const [line, x] of byLine) {
    s.reported++;
    const l = f.lines[line - 1];
    if (!l?.secret) {
      s.falsePositives++;
      s.extras.push({ path: f.path, line, text: l?.text ?? '', rule: x.ruleId, why: l?.lookalike });
    }
  }
}
