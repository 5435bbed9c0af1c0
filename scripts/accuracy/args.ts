// Command line of `npm run bench:accuracy` (scripts/accuracy/bench.ts):
//   [--verbose|-v] [--min-confidence low|medium|high] [--creddata-findings FILE]
//   --triage DIR [DIR...] [--per-rule N] [--seed S] [--min-confidence L] [--no-gitignore] [--json FILE]
import { DEFAULT_LEVEL, parseLevel, type Confidence } from './confidence.js';

export interface TriageArgs {
  dirs: string[];
  perRule: number;
  seed: number;
  /** Respect .gitignore when a directory is in a git work tree. */
  gitignore: boolean;
  /** Write the sample as JSON lines here (values redacted). */
  json?: string;
}

export interface BenchArgs {
  verbose: boolean;
  /** Level the main rows are scored at (findings with confidence >= this are kept). */
  minConfidence: Confidence;
  /** Write the CredData findings at the main level as score.py input (path and line only). */
  creddataFindings?: string;
  triage?: TriageArgs;
}

export const USAGE = `usage: npm run bench:accuracy -- [--verbose] [--min-confidence low|medium|high] [--creddata-findings FILE]
       npm run bench:accuracy -- --triage DIR [DIR...] [--per-rule N] [--seed S] [--min-confidence L] [--no-gitignore] [--json FILE]`;

function int(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) throw new Error(`${flag} takes a whole number >= ${min} (got ${v ?? 'nothing'})`);
  return Number(v);
}

export function parseArgs(argv: string[]): BenchArgs {
  const a = argv.filter((x) => x !== '--');
  const out: BenchArgs = { verbose: false, minConfidence: DEFAULT_LEVEL };
  let dirs: string[] | undefined;
  let perRule = 10, seed = 1, gitignore = true;
  let json: string | undefined;
  const triageOnly: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const value = () => {
      const v = a[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${x} needs a value`);
      return v;
    };
    switch (x) {
      case '--verbose':
      case '-v':
        out.verbose = true;
        break;
      case '--min-confidence':
        out.minConfidence = parseLevel(value());
        break;
      case '--creddata-findings':
        out.creddataFindings = value();
        break;
      case '--triage':
        dirs ??= [];
        while (a[i + 1] !== undefined && !a[i + 1].startsWith('--')) dirs.push(a[++i]);
        break;
      case '--per-rule':
        perRule = int(x, value(), 1);
        triageOnly.push(x);
        break;
      case '--seed':
        seed = int(x, value(), 0);
        triageOnly.push(x);
        break;
      case '--no-gitignore':
        gitignore = false;
        triageOnly.push(x);
        break;
      case '--json':
        json = value();
        triageOnly.push(x);
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(x)}`);
    }
  }
  if (dirs) {
    if (!dirs.length) throw new Error('--triage needs at least one directory');
    out.triage = { dirs, perRule, seed, gitignore, json };
  } else if (triageOnly.length) throw new Error(`${triageOnly.join(', ')}: only with --triage`);
  return out;
}
