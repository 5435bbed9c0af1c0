// The pre-commit hook's pre-check (src/hooks/precheck.ts, the block in src/hooks/script.ts) must
// never pass a commit that `leakguard scan --staged` refuses. Two properties over random staged
// changes, both with the real git and grep binaries and the built dist/precheck.ere:
//
//  1. End to end, in real repositories: random files (added, modified, renamed) whose added lines
//     mix rule keywords in random case, random base64 runs (some of secret-shaped text), secret-
//     shaped values built here at run time, non-ASCII look-alikes, CRs and filler, sometimes under
//     a user config with an extra rule. Whenever `scan --staged` exits non-zero the hook exits
//     non-zero; when it exits 0 the hook does too.
//  2. The patterns against the detector, on many more random texts: whenever the detector finds
//     anything, or any keyword's prefix occurs, or a base64 candidate decodes, grep matches the
//     text as the diff shows it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, fakeAwsKeyId, fakeAwsSecret, gitEnv, makeRepo, run, tempDir } from '../helpers/git.js';
import { hookBlock } from '../../src/hooks/script.js';
import { pathLiterals, precheckPatterns, PRECHECK_FILE, PRECHECK_HEADER } from '../../src/hooks/precheck.js';
import { builtinRules } from '../../src/config/builtin.js';
import { Detector } from '../../src/detect/engine.js';
import { candidateFromRun, decodeBase64Text } from '../../src/detect/encoded.js';
import { TRIE_DEPTH } from '../../src/detect/prefilter/automaton.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/leakguard.js');
const ERE = join(ROOT, 'dist', PRECHECK_FILE);
const RUNS_E2E = Number(process.env.LEAKGUARD_PRECHECK_RUNS ?? 60);
const RUNS_TEXT = Number(process.env.LEAKGUARD_PRECHECK_TEXT_RUNS ?? 400);

beforeAll(() => {
  if (!existsSync(ERE)) throw new Error(`${ERE} is missing: run \`npm run bundle\` first (npm test does)`);
  expect(readFileSync(ERE, 'utf8').split('\n')[0]).toBe(PRECHECK_HEADER);
});
afterAll(cleanupTemp);

describe('rules without keywords are summarised by their paths', () => {
  it('one literal where one suffices, else as few as prove it; every built-in rule is summarised', () => {
    expect(pathLiterals('(?i)(?:^|/)[._]?pgpass(?:\\.conf)?$', 'a')).toEqual(['pgpass']);
    expect(pathLiterals('(?i)(?:^|/)(?:db|app)[_-]?(?:password|token)$', 'b')).toEqual(['password', 'token']);
    expect(pathLiterals('(?i)(?:^|/)(?:password|token)(?:\\.txt)?$|(?:^|/)secrets/[\\w-]{1,64}$', 'c')).toEqual(['password', 'secrets', 'token']);
    expect(pathLiterals('(?i)\\.(?:ya?ml|json)$|(?:^|/)[\\w-]+$', 'd')).toBeUndefined();
    const rules = builtinRules().rules;
    for (const r of rules.filter((x) => !(x.keywords ?? []).length)) {
      const lits = pathLiterals(r.path!, r.id);
      expect(lits, r.id).toBeDefined();
    }
    // So the build writes the patterns file (a rule it cannot summarise makes the hook scan every commit).
    expect(precheckPatterns(rules)).toBeDefined();
    expect(readFileSync(ERE, 'utf8').split('\n').filter(Boolean)).toEqual(precheckPatterns(rules));
  });
});

const KEYWORDS = [...new Set(builtinRules().rules.flatMap((r) => (r.keywords ?? []).map((k) => k.toLowerCase())))];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n: number, alphabet = ALNUM) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: n, maxLength: n });

/** A keyword in random ASCII case, sometimes cut to its prefix or glued to a word. */
const keyword = fc.tuple(fc.constantFrom(...KEYWORDS), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.nat(3)).map(([k, ups, cut]) => {
  const cased = [...k].map((c, i) => (ups[i] ? c.toUpperCase() : c)).join('');
  return cut === 0 ? cased.slice(0, Math.max(1, cased.length - 1)) : cased;
});

/** Printable text (sometimes secret-shaped), base64-encoded, sometimes padded oddly or glued to a neighbour. */
const base64Run = fc
  .tuple(
    fc.oneof(fc.string({ minLength: 6, maxLength: 40 }), rand(20).map((v) => `password=${v}`), rand(16).map((v) => `db_password: "${v}9!"`), rand(12).map((v) => `admin:${v}`), fc.constant('').map(() => `aws_secret_access_key = ${fakeAwsSecret()}`)),
    fc.constantFrom('', '', '=', '==', '===', '_', '-'),
    fc.constantFrom('', ' ', '"', 'x', '\\', '+'),
  )
  .map(([plain, tail, before]) => before + Buffer.from(plain, 'latin1').toString('base64') + tail);

/** Secret-shaped values, built now (never committed). */
const secretShaped = fc.oneof(
  fc.constant('').map(() => `aws_access_key_id = ${fakeAwsKeyId()}`),
  rand(36).map((v) => `token: ghp_${v}`),
  rand(16).map((v) => `DB_PASSWORD="${v}"`),
  rand(10).map((v) => `postgres://app:${v}@db.internal:5432/shop`),
  rand(24).map((v) => `Authorization: Bearer ${v}`),
  rand(32, '0123456789abcdef'),
  rand(30).map((v) => `zqx_${v}`),
);

const filler = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('const x = 1;', 'return value;', '}', '', 'héllo wörld', 'K\u212Aey', 'ſecret', '\t\tindent', 'a\rb', 'end\r'),
  rand(14),
);

const line = fc.tuple(fc.array(fc.oneof({ weight: 3, arbitrary: filler }, { weight: 2, arbitrary: keyword }, { weight: 2, arbitrary: base64Run }, { weight: 1, arbitrary: secretShaped }), { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '', '=', ': ', '\t')).map(([parts, sep]) => parts.join(sep));

// Dense (keywords, base64, secrets on most lines) or plain (filler only, which the pre-check mostly clears).
// Or base64 only, under names that are no keyword: the encoded pass decodes what the diff does not show.
const encodedOnly = fc.tuple(fc.constantFrom('value: ', 'data = "', '', '  x: '), base64Run).map(([k, v]) => k + v);
const content = fc
  .oneof(fc.array(line, { minLength: 1, maxLength: 8 }), fc.array(filler, { minLength: 1, maxLength: 8 }), fc.array(fc.oneof(encodedOnly, filler), { minLength: 1, maxLength: 4 }))
  .map((ls) => ls.join('\n') + '\n');

const PATHS = ['src/app.js', 'config/settings.yml', '.env', 'deploy/secret.yaml', 'notes.txt', '.pgpass', 'config/master.key', 'config/credentials/production.key', 'docs/README.md', 'lib/x.py'];

const userConfig = fc.constantFrom(
  undefined,
  undefined,
  undefined,
  "[[rules]]\nid = \"zqx-token\"\nregex = '''zqx_[A-Za-z0-9]{30}'''\nkeywords = [\"zqx_\"]\n",
  "[[rules]]\nid = \"hex32\"\nregex = '''\\b[0-9a-f]{32}\\b'''\n",
);

const change = fc.record({
  base: fc.array(fc.tuple(fc.constantFrom(...PATHS), content), { maxLength: 3 }),
  added: fc.array(fc.tuple(fc.constantFrom(...PATHS), content), { minLength: 1, maxLength: 4 }),
  rename: fc.boolean(),
  config: userConfig,
});

describe('pre-commit pre-check', () => {
  it(`never passes a staged change that scan --staged refuses (${RUNS_E2E} random repositories)`, () => {
    const hook = join(tempDir('lg-hookfile-'), 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\n' + hookBlock('pre-commit', { bin: BIN, node: process.execPath, created: true, chain: false }) + '\n', { mode: 0o755 });
    const env = gitEnv();
    let skipped = 0;
    let refused = 0;
    fc.assert(
      fc.property(change, (c) => {
        const repo = makeRepo();
        for (const [p, text] of c.base) repo.write(p, text);
        if (c.base.length) repo.commitAll('base', { noVerify: true });
        if (c.rename && c.base.length) {
          const from = c.base[0][0];
          const to = `moved-${from.replace(/\//g, '_')}`;
          if (existsSync(join(repo.dir, from))) repo.git('mv', '-f', from, to);
        }
        for (const [p, text] of c.added) repo.write(p, text);
        if (c.config) repo.write('.leakguard.toml', c.config);
        repo.git('add', '-A');
        const scan = run(process.execPath, [BIN, 'scan', '--staged'], { cwd: repo.dir, env });
        const viaHook = run('sh', [hook], { cwd: repo.dir, env });
        if (viaHook.stdout === '' && viaHook.stderr === '') skipped++;
        if (scan.status !== 0) refused++;
        expect(viaHook.status === 0, `scan --staged exited ${scan.status}, the hook ${viaHook.status}\n${scan.stdout}${viaHook.stderr}`).toBe(scan.status === 0);
      }),
      {
        numRuns: RUNS_E2E,
        // Plain changes the pre-check must clear, whatever the random draws hold (short keywords make a
        // random plain change that holds none of them rare): the skip path always runs.
        examples: [
          [{ base: [], added: [['notes.txt', 'hello world\n']], rename: false, config: undefined }],
          [{ base: [['src/app.js', 'const x = 1;\n']], added: [['src/app.js', 'const x = 1;\nreturn value;\n']], rename: false, config: undefined }],
        ],
      },
    );
    // Both ways were exercised: some changes passed without starting Node, some were refused.
    expect(skipped).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 600_000);

  it(`its patterns match whatever the detector could act on (${RUNS_TEXT} random texts, the real grep)`, () => {
    const detector = new Detector({ rules: builtinRules().rules, allowlists: builtinRules().allowlists });
    const asciiLower = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
    let findings = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), content, (path, text) => {
        const body = text.replace(/\n$/, '');
        const found = detector.detect({ path, text: body }).length > 0;
        const lower = asciiLower(body) + '\n' + asciiLower(path);
        const keywordThere = KEYWORDS.some((k) => lower.includes(k.slice(0, TRIE_DEPTH)));
        let decodes = false;
        for (const m of body.matchAll(/[A-Za-z0-9+/]+/g)) {
          const cand = candidateFromRun(body, m.index, m.index + m[0].length);
          if (cand && decodeBase64Text(body.slice(cand[0], cand[1])) !== undefined) decodes = true;
        }
        if (found) findings++;
        // The text as `git diff --cached -U0` shows it: headers naming the path, '+' before each added line.
        const diff = `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n` + body.split('\n').map((l) => `+${l}\n`).join('');
        const g = spawnSync('grep', ['-E', '-q', '-f', ERE], { input: diff, env: { ...process.env, LC_ALL: 'C' } });
        expect(g.status === 0 || g.status === 1, `grep failed: ${g.stderr}`).toBe(true);
        if (found || keywordThere || decodes) expect(g.status, `no match for ${JSON.stringify(body)} (found ${found}, keyword ${keywordThere}, base64 ${decodes})`).toBe(0);
      }),
      { numRuns: RUNS_TEXT },
    );
    expect(findings).toBeGreaterThan(0);
  }, 300_000);
});
