// Every built-in rule's `examples` (rules/*.toml): each tp line is reported by that rule at the
// default level (high when judge.toml says its shape proves it), each fp line is not reported by it
// at all. The templates are expanded with a seeded generator, three times each, so the committed
// tree holds no credential-shaped string. One scan of a temporary directory, through the built CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBuiltinRules } from '../../src/config/builtin.js';
import { expandExample, TEMPLATE_ALPHABETS } from '../../src/config/example-template.js';
import { readJudgeData } from '../../src/judge/data.js';
import { lg, requireBuild } from '../hardening/cli.js';
import { rng } from './planted/values.js';

const rand = rng(0x7e57ab1e);

const { rules } = parseBuiltinRules();
const withExamples = rules.filter((r) => r.examples);
const judge = readJudgeData().judge;
const REPEATS = 3;

interface Case {
  rule: string;
  kind: 'tp' | 'fp';
  file: string;
  text: string;
}
const cases: Case[] = [];
for (const r of withExamples) {
  for (const kind of ['tp', 'fp'] as const) {
    r.examples![kind].forEach((template, i) => {
      for (let n = 0; n < REPEATS; n++) {
        // a neutral path: not a test, doc, example or deployable file
        cases.push({ rule: r.id, kind, file: `src/${r.id}/${kind}-${i}-${n}.txt`, text: expandExample(template, rand) });
      }
    });
  }
}

let dir = '';
let byFile = new Map<string, { ruleId: string; confidence: string }[]>();
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'lg-examples-'));
  for (const c of cases) {
    mkdirSync(join(dir, c.file, '..'), { recursive: true });
    writeFileSync(join(dir, c.file), c.text + '\n');
  }
  const r = lg(['scan', '.', '--no-gitignore', '--min-confidence', 'low', '-f', 'json', '-q'], dir, { timeoutMs: 60_000 });
  expect(r.code, r.err).toBe(1);
  const findings = JSON.parse(r.out).findings as { path: string; ruleId: string; confidence: string }[];
  byFile = new Map();
  for (const f of findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rule examples', () => {
  it('every vendor rule has tp and fp examples, in templates the expander knows', () => {
    const vendor = rules.filter((r) => r.source === 'rules/32-vendor-tokens.toml');
    expect(vendor.length).toBeGreaterThan(40);
    for (const r of vendor) {
      expect(r.examples?.tp.length, r.id).toBeGreaterThan(0);
      expect(r.examples?.fp.length, r.id).toBeGreaterThan(0);
      for (const t of [...r.examples!.tp, ...r.examples!.fp]) {
        for (const m of t.matchAll(/\{([A-Za-z0-9]+):\d+\}/g)) expect(TEMPLATE_ALPHABETS, `${r.id}: ${t}`).toContain(m[1]);
      }
    }
  });

  it('the committed examples hold no token: without expansion no tp line is reported', () => {
    // a template's literal text alone (slots left as written) never makes a finding of its rule
    const leaks = withExamples.flatMap((r) => r.examples!.tp.filter((t) => /\{[A-Za-z0-9]+:\d+\}/.test(t) === false).map((t) => `${r.id}: ${t}`));
    expect(leaks).toEqual([]);
  });

  it.each(withExamples.map((r) => r.id))('%s: reports its tp lines and none of its fp lines', (id) => {
    const proven = !!judge.base.rules[id]?.proven;
    for (const c of cases.filter((x) => x.rule === id)) {
      const own = (byFile.get(c.file) ?? []).filter((f) => f.ruleId === id);
      if (c.kind === 'tp') {
        expect(own.length, `${id} missed tp ${c.file}: ${c.text}`).toBeGreaterThan(0);
        expect(own.map((f) => f.confidence), `${id} tp ${c.file}`).toContain(proven ? 'high' : 'medium');
      } else {
        expect(own, `${id} reported fp ${c.file}`).toEqual([]);
      }
    }
  });
});
