// Linear-time check of every built-in rule: each rule's regex over adversarial 1 MB inputs (the
// whole text at once, the worst case: no keyword windowing), reported as ms per MB. Run by
// scripts/bench.mjs (bundled with esbuild), prints JSON. LEAKGUARD_BENCH_RULES=id,id limits it
// to those rules (and skips the whole-detector pass).
import { builtinRules } from '../../src/config/builtin.js';
import { compileRegex } from '../../src/config/regex.js';
import { Detector } from '../../src/detect/engine.js';
import { matchesIn } from '../../src/detect/prefilter.js';

const MB = 1 << 20;

function fill(unit: string, prefix = ''): string {
  return (prefix + unit.repeat(Math.ceil((MB - prefix.length) / unit.length))).slice(0, MB);
}

function inputs(keywords: string[]): Array<[string, string]> {
  const base: Array<[string, string]> = [
    ['password=aaaa…', fill('a', 'password=')],
    ['AKIA repeated', fill('AKIA')],
    ['A/A/A/… base64', fill('A/')],
    ['long base64', fill('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MjEr')],
    ['"aaaa… unterminated', fill('a', '"')],
    ['key: xxxx…', fill('x', 'key: ')],
    ['spaces', fill(' ')],
    ['word=word…', fill('ab=')],
    ['tokens and quotes', fill('token="a", ')],
    ['://user:… no @', fill('a:', 'https://')],
  ];
  for (const k of keywords.slice(0, 10)) {
    base.push([`${k} repeated`, fill(k)]);
    base.push([`${k}= repeated`, fill(`${k}=`)]);
    base.push([`${k}_x.y- repeated`, fill(`${k}_x.y-`)]);
    // The keyword with the separators and option-like words rules look for after it.
    base.push([`${k} -p repeated`, fill(`${k} -p `)]);
    base.push([`${k} -u a: repeated`, fill(`${k} -u a:`)]);
    base.push([`${k}: a repeated`, fill(`${k}: a `)]);
    base.push([`${k} \\+newline repeated`, fill(`${k} \\\n`)]);
    base.push([`${k} then aaaa…`, fill('a', `${k} `)]);
    base.push([`${k} then -p-p…`, fill(' -p', `${k}`)]);
  }
  return base;
}

const cfg = builtinRules();
const only = process.env.LEAKGUARD_BENCH_RULES ? process.env.LEAKGUARD_BENCH_RULES.split(',') : undefined;
const results: Array<{ rule: string; worstInput: string; msPerMb: number }> = [];
for (const r of cfg.rules) {
  if (only && !only.includes(r.id)) continue;
  const re = compileRegex(r.regex!, r.id, 'gd');
  let worst = 0;
  let worstInput = '';
  for (const [name, text] of inputs((r.keywords ?? []).map((k) => k.toLowerCase()))) {
    const t = performance.now();
    let n = 0;
    for (const _m of matchesIn(re, text)) if (++n > 200000) break;
    const ms = performance.now() - t;
    if (ms > worst) {
      worst = ms;
      worstInput = name;
    }
  }
  results.push({ rule: r.id, worstInput, msPerMb: worst });
}

// The whole detector (all rules, checks, encoded-secret pass) on the three inputs.
const detector = only ? undefined : new Detector({ rules: cfg.rules, allowlists: cfg.allowlists });
const whole: Array<{ input: string; ms: number }> = [];
for (const [name, text] of detector ? inputs([]).slice(0, 3) : []) {
  const t = performance.now();
  detector!.detect({ path: 'adversarial.txt', text });
  whole.push({ input: name, ms: performance.now() - t });
}
process.stdout.write(JSON.stringify({ rules: results, detector: whole }));
