// Plan: names, keys, grouping and redacted diffs, with findings built here.
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../src/types.js';
import type { Rewriter } from '../../src/migrate/types.js';
import { defaultPrefix, prefixProblem, resourceForPath, secretNameFor, secretNameProblem } from '../../src/migrate/plan/names.js';
import { assignKeys, dedupeFindings, groupFindings, secretObject } from '../../src/migrate/plan/group.js';
import { redactValues, unifiedDiff } from '../../src/migrate/plan/diff.js';
import { buildPlan } from '../../src/migrate/plan/build.js';
import { manualStepFor } from '../../src/migrate/plan/manual.js';

// Fixture values are assembled at run time, so leakguard scanning its own tree finds nothing here.
const V = (...parts: string[]): string => parts.join('');
const SECRET2 = V('secret', 'value2');
const PW3 = V('pw', '3');
const ONE = V('one', '111');
const TWO = V('two', '222');
const HUNTER = V('hunter', '22');
const PYV = V('pyvalue', '123');
const TFV = V('tfvalue', '456');
const SAME = V('sameval', '1');

export function finding(path: string, text: string, secret: string, extra: Partial<Finding> = {}): Finding {
  const lines = text.split('\n');
  const li = lines.findIndex((l) => l.includes(secret));
  const col = lines[li]!.indexOf(secret) + 1;
  return {
    ruleId: 'test-rule',
    description: 'test',
    kind: 'password',
    path,
    line: li + 1,
    column: col,
    endLine: li + 1,
    endColumn: col + secret.length,
    secret,
    match: secret,
    lineText: lines[li]!,
    entropy: 4,
    fingerprint: 'fp',
    ...extra,
  };
}

describe('secret names', () => {
  it('accepts valid names and rejects what Secrets Manager rejects', () => {
    expect(secretNameProblem('myapp/dev/config-py')).toBeNull();
    expect(secretNameProblem('a')).toBeNull();
    expect(secretNameProblem('x'.repeat(512))).toBeNull();
    expect(secretNameProblem('')).toMatch(/empty/);
    expect(secretNameProblem('x'.repeat(513))).toMatch(/512/);
    expect(secretNameProblem('my app/dev')).toMatch(/' '/);
    expect(secretNameProblem('app/dev/db#1')).toMatch(/'#'/);
    expect(secretNameProblem('myapp/dev/app-abcdef')).toMatch(/hyphen followed by six/);
    expect(secretNameProblem('myapp/dev/app-abcde')).toBeNull();
    expect(secretNameProblem('myapp/dev/app-abcdefg')).toBeNull();
    expect(secretNameProblem('a_b+c=d.e@f-g/h')).toBeNull();
  });

  it('validates prefixes', () => {
    expect(prefixProblem('team/app/prod')).toBeNull();
    expect(prefixProblem('')).toMatch(/empty/);
    expect(prefixProblem('/abs')).toMatch(/start/);
    expect(prefixProblem('a b')).toMatch(/' '/);
  });

  it('derives general-to-specific names from the repo and path, always valid', () => {
    expect(defaultPrefix('/home/u/My App')).toBe('my-app/dev');
    expect(defaultPrefix('/tmp/___')).toBe('app/dev');
    expect(resourceForPath('config.py')).toBe('config-py');
    expect(resourceForPath('app/.env')).toBe('app/env');
    const taken = new Set<string>();
    expect(secretNameFor('myapp/dev', 'config.py', taken)).toBe('myapp/dev/config-py');
    expect(secretNameFor('myapp/dev', '.env', taken)).toBe('myapp/dev/env');
    expect(secretNameFor('myapp/dev', 'env', taken)).toBe('myapp/dev/env_2');
    // "-config" would be a hyphen and six characters: the derived name avoids it.
    const n = secretNameFor('myapp/dev', 'app.config', taken);
    expect(secretNameProblem(n)).toBeNull();
    expect(n).toBe('myapp/dev/app_config');
    const long = secretNameFor('p', 'a/'.repeat(400) + 'x.py', taken);
    expect(long.length).toBeLessThanOrEqual(512);
    expect(secretNameProblem(long)).toBeNull();
  });
});

describe('keys and grouping', () => {
  const text = [
    "AWS_ACCESS_KEY_ID = 'idvalue1'",
    `AWS_SECRET_ACCESS_KEY = '${SECRET2}'`,
    `DATABASES['default']['PASSWORD'] = '${PW3}'`,
    `other('${PW3}')`,
    "call('bare4bare4')",
    "call('bare5bare5')",
  ].join('\n');

  it('names keys from the assigned name, else kind + index, never from the value', () => {
    const fs = [
      finding('config.py', text, 'idvalue1', { key: 'AWS_ACCESS_KEY_ID', kind: 'aws-access-key-id' }),
      finding('config.py', text, SECRET2, { key: 'AWS_SECRET_ACCESS_KEY', kind: 'aws-secret-access-key' }),
      finding('config.py', text, PW3, { key: "DATABASES['default']['PASSWORD']" }),
      finding('config.py', text, 'bare4bare4', { kind: 'token' }),
      finding('config.py', text, 'bare5bare5', { kind: 'token' }),
    ];
    const keys = assignKeys(fs).map((v) => v.key);
    expect(keys).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'DATABASES.default.PASSWORD', 'TOKEN_1', 'TOKEN_2']);
    // A "name" that contains the value is not used.
    const odd = assignKeys([finding('x.py', "k = 'zzzz9999'", 'zzzz9999', { key: 'zzzz9999' })]);
    expect(odd[0]!.key).toBe('PASSWORD_1');
  });

  it('gives a clashing name with a different value a suffix, and dedupes spans', () => {
    const t = `PASSWORD = '${ONE}'\nPASSWORD = '${TWO}'`;
    const vs = assignKeys([finding('a', t, ONE, { key: 'PASSWORD' }), finding('a', t, TWO, { key: 'PASSWORD' })]);
    expect(vs.map((v) => v.key)).toEqual(['PASSWORD', 'PASSWORD_2']);
    const f1 = finding('a', t, ONE);
    const f2 = { ...finding('a', t, ONE, { key: 'PASSWORD' }), ruleId: 'other' };
    const inner = { ...f1, column: f1.column + 1, endColumn: f1.endColumn - 1, secret: 'ne11' };
    expect(dedupeFindings([f1, f2, inner])).toHaveLength(1);
    expect(dedupeFindings([f1, f2, inner])[0]!.key).toBe('PASSWORD');
  });

  it('groups one secret per file, skipping history and encoded findings', () => {
    const g = groupFindings(
      [
        finding('b/.env', 'A=aaaa1111', 'aaaa1111', { key: 'A' }),
        finding('config.py', "B = 'bbbb2222'\nC = 'cccc3333'", 'bbbb2222', { key: 'B' }),
        finding('config.py', "B = 'bbbb2222'\nC = 'cccc3333'", 'cccc3333', { key: 'C' }),
        finding('x.py', "D = 'dddd'", 'dddd', { commit: { sha: 'a', author: '', email: '', date: '' } }),
        finding('y.py', "E = 'eeee'", 'eeee', { decodedFrom: 'base64' }),
      ],
      'myapp/dev',
    );
    expect(g.secrets.map((s) => s.name)).toEqual(['myapp/dev/b/env', 'myapp/dev/config-py']);
    expect(secretObject(g.secrets[1]!)).toEqual({ B: 'bbbb2222', C: 'cccc3333' });
    expect(g.skipped).toHaveLength(1);
    const refs = groupFindings([finding('c.env', 'PW=aws-sm://a/b#PW', 'aws-sm://a/b#PW', { key: 'PW' })], 'a/b');
    expect(refs.secrets).toEqual([]);
    expect(refs.skipped[0]!.reason).toMatch(/already a leakguard secret reference/);
    expect(g.skipped[0]!.reason).not.toContain('eeee');
  });
});

describe('diffs', () => {
  it('produces a unified diff and redacts values', () => {
    const before = `a\nb\nPASSWORD = "${HUNTER}"\nc\nd\n`;
    const after = 'a\nb\nPASSWORD = get_secret("x", "PASSWORD")\nc\nd\n';
    const d = unifiedDiff('config.py', before, after);
    expect(d).toContain('--- a/config.py\n+++ b/config.py\n@@ -1,5 +1,5 @@');
    expect(d).toContain(`-PASSWORD = "${HUNTER}"`);
    expect(d).toContain('+PASSWORD = get_secret("x", "PASSWORD")');
    const r = redactValues(d, [HUNTER]);
    expect(r).not.toContain(HUNTER);
    expect(r).toContain('-PASSWORD = "****"');
    expect(unifiedDiff('x', 'same\n', 'same\n')).toBe('');
    expect(unifiedDiff('new.py', null, 'x\ny\n')).toContain('@@ -0,0 +1,2 @@');
  });

  it('splits distant changes into separate hunks', () => {
    const a = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const b = [...a];
    b[2] = 'X';
    b[25] = 'Y';
    const d = unifiedDiff('f', a.join('\n') + '\n', b.join('\n') + '\n');
    expect(d.match(/^@@/gm)).toHaveLength(2);
  });
});

describe('buildPlan', () => {
  it('plans a rewrite through the rewriter, and a manual step for files without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lg-plan-'));
    try {
      const py = `DB_PASSWORD = '${PYV}'\n`;
      const tf = `provider "aws" {\n  secret_key = "${TFV}"\n}\n`;
      await writeFile(join(dir, 'config.py'), py);
      await writeFile(join(dir, 'main.tf'), tf);
      const fake: Rewriter = {
        id: 'test',
        handles: (p) => p.endsWith('.py'),
        rewrite: async (req) => {
          let t = req.text;
          for (const it of req.items) t = t.replace(`'${it.finding.secret}'`, `get_secret(${JSON.stringify(it.secretName)}, ${JSON.stringify(it.key)})`);
          return { kind: 'edit', newText: t, extraFiles: { 'leakguard_secrets.py': 'def get_secret(n, k): ...\n' }, notes: [] };
        },
        validate: async () => null,
      };
      const plan = await buildPlan(
        dir,
        [finding('config.py', py, PYV, { key: 'DB_PASSWORD' }), finding('main.tf', tf, TFV, { key: 'secret_key' })],
        'myapp/dev',
        (p, t) => (fake.handles(p, t) ? fake : undefined),
      );
      const byPath = Object.fromEntries(plan.files.map((f) => [f.path, f]));
      expect(byPath['config.py']!.status).toBe('rewrite');
      expect(byPath['config.py']!.after).toBe('DB_PASSWORD = get_secret("myapp/dev/config-py", "DB_PASSWORD")\n');
      expect(byPath['main.tf']!.status).toBe('manual');
      expect(byPath['main.tf']!.manual!.reason).toMatch(/Terraform/);
      expect(plan.values.sort()).toEqual([PYV, TFV]);

      // A rewriter whose output still holds the value is rejected at plan time.
      const leaky: Rewriter = { ...fake, rewrite: async (req) => ({ kind: 'edit', newText: req.text + '#\n', extraFiles: {}, notes: [] }) };
      const p2 = await buildPlan(dir, [finding('config.py', py, PYV, { key: 'DB_PASSWORD' })], 'myapp/dev', () => leaky);
      expect(p2.files[0]!.status).toBe('error');
      expect(p2.files[0]!.error).toMatch(/still hold/);
      // One that no longer parses is rejected too.
      const broken: Rewriter = { ...fake, validate: async () => 'SyntaxError at line 1' };
      const p3 = await buildPlan(dir, [finding('config.py', py, PYV, { key: 'DB_PASSWORD' })], 'myapp/dev', () => broken);
      expect(p3.files[0]!.error).toMatch(/would not parse/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts a rewrite when the value also occurs outside the found span (user name equal to the password)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lg-plan-'));
    try {
      const text = `DB_USER=${SAME}\nDB_PASSWORD=${SAME}\n`;
      await writeFile(join(dir, 'app.cfg'), text);
      const f = { ...finding('app.cfg', text, SAME, { key: 'DB_PASSWORD' }), line: 2, column: 13, endLine: 2, endColumn: 21, lineText: `DB_PASSWORD=${SAME}` };
      const rw = (replaceAll: boolean): Rewriter => ({
        id: 't',
        handles: () => true,
        rewrite: async (req) => ({
          kind: 'edit',
          newText: replaceAll ? req.text : req.text.replace(`DB_PASSWORD=${SAME}`, `DB_PASSWORD=${V('r', 'ef')}`),
          extraFiles: {},
          notes: [],
        }),
        validate: async () => null,
      });
      const ok = await buildPlan(dir, [f], 'a/b', () => rw(false));
      expect(ok.files[0]!.status).toBe('rewrite');
      const bad = await buildPlan(dir, [f], 'a/b', () => rw(true));
      expect(bad.files[0]!.status).toBe('error');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has a manual step for each kind of file it will not rewrite', () => {
    expect(manualStepFor('.aws/credentials', 'n', ['k']).reason).toMatch(/credentials/);
    expect(manualStepFor('.github/workflows/ci.yml', 'n', ['k']).reason).toMatch(/GitHub Actions/);
    expect(manualStepFor('src/Main.java', 'n', ['k']).step).toMatch(/Java/);
    expect(manualStepFor('weird.xyz', 'n', ['k']).step).toMatch(/leakguard exec/);
  });
});
