// gitleaks configs: `.gitleaks.toml` at the repo root (or --config FILE) in gitleaks' own format, with
// Go regex syntax, `[extend] useDefault`, disabledRules and allowlists; in-process and through the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import { leakguardRuleIds, ruleIdMatches } from '../../src/config/gitleaks.js';
import { cleanupTemp, gitEnv, tempDir } from '../helpers/git.js';

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const keyId = () => 'AKIA' + 'Q3EGRJ5XVZ7LMN2P';
// A custom in-house token format: acme_ + 32 lower-case alphanumerics, built at run time.
const acmeToken = () => 'ac' + 'me_' + 'k3v9q2m8x7w1p4z6r5t0y2u8i9o3l1e7';

const GITLEAKS_TOML = `
title = "team gitleaks config"

[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-internal-token"
description = "ACME internal API token"
regex = '''(?i)\\b(?P<tok>acme_(?-i:[a-z0-9]{32}))(?:[\\x60'"\\s;]|\\z)'''
secretGroup = 1
entropy = 3.0
keywords = ["acme_"]

  [[rules.allowlists]]
  regexes = ['''acme_0{32}''']

[allowlist]
description = "global allowlist"
paths = ['''(?:^|/)vendor/''', '''(?i)\\.lock\\z''']
`;

function lg(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: gitEnv() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function repoWith(files: Record<string, string>): string {
  const dir = tempDir('lg-gl-');
  spawnSync('git', ['init', '-q'], { cwd: dir, env: gitEnv() });
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

afterAll(() => cleanupTemp());

describe('gitleaks config (in process)', () => {
  it('useDefault = true keeps the built-in rules beside the translated custom rule', () => {
    const dir = repoWith({ '.gitleaks.toml': GITLEAKS_TOML });
    const config = loadConfig({ root: dir });
    expect(config.configFile).toBe(join(dir, '.gitleaks.toml'));
    const ids = config.rules.map((r) => r.id);
    expect(ids).toContain('acme-internal-token');
    expect(ids).toContain('aws-access-key-id');
    // generic-api-key (gitleaks' id) disables the built-ins that cover the same secrets.
    expect(config.disabledRules).toContain('generic-secret-assignment');
    const d = new Detector(config);
    const text = `token = "${acmeToken()}"\nAWS_KEY=${keyId()}\nupper = "ACME_K3V9Q2M8X7W1P4Z6R5T0Y2U8I9O3L1E7"\nzero = "acme_${'0'.repeat(32)}"\n`;
    const found = d.detect({ path: 'src/app.py', text });
    expect(found.map((f) => [f.ruleId, f.line, f.secret])).toEqual([
      ['acme-internal-token', 1, acmeToken()],
      ['aws-access-key-id', 2, keyId()],
    ]);
    expect(d.detect({ path: 'vendor/lib.py', text })).toEqual([]);
    expect(d.detect({ path: 'Cargo.LOCK', text })).toEqual([]);
  });

  it('without [extend] a gitleaks config replaces the built-in rules (gitleaks semantics)', () => {
    const dir = repoWith({ '.gitleaks.toml': GITLEAKS_TOML.replace(/\[extend\][^[]*/, '') });
    const d = new Detector(loadConfig({ root: dir }));
    const found = d.detect({ path: 'a.py', text: `t = "${acmeToken()}"\nk = "${keyId()}"\n` });
    expect(found.map((f) => f.ruleId)).toEqual(['acme-internal-token']);
  });

  it("loads gitleaks' default curl-auth-user and curl-auth-header rules ([\\r\\n]{1,2} between .* spans) and finds with them", () => {
    // The two rules' regexes as gitleaks' default config writes them (Go syntax).
    const user = String.raw`\bcurl\b(?:.*|.*(?:[\r\n]{1,2}.*){1,5})[ \t\n\r](?:-u|--user)(?:=|[ \t]{0,5})("(:[^"]{3,}|[^:"]{3,}:|[^:"]{3,}:[^"]{3,})"|'([^:']{3,}:[^']{3,})'|((?:"[^"]{3,}"|'[^']{3,}'|[\w$@.-]+):(?:"[^"]{3,}"|'[^']{3,}'|[\w$\{}@.-]+)))(?:\s|\z)`;
    const header = String.raw`\bcurl\b(?:.*?|.*?(?:[\r\n]{1,2}.*?){1,5})[ \t\n\r](?:-H|--header)(?:=|[ \t]{0,5})(?:"(?i)(?:Authorization:[ \t]{0,5}(?:Basic[ \t]([a-z0-9+/]{8,}={0,3})|(?:Bearer|(?:Api-)?Token)[ \t]([\w=~@.+/-]{8,})|([\w=~@.+/-]{8,})))")(?:\B|\s|\z)`;
    const dir = repoWith({
      '.gitleaks.toml': `[[rules]]\nid = "curl-auth-user"\nregex = '''${user}'''\nentropy = 2\nkeywords = ["curl"]\n\n[[rules]]\nid = "curl-auth-header"\nregex = '''${header}'''\nkeywords = ["curl"]\n`,
    });
    const config = loadConfig({ root: dir });
    expect(config.rules.map((r) => r.id)).toEqual(['curl-auth-user', 'curl-auth-header']);
    const pw = 'Qx7' + 'vLm2Rk9';
    const token = 'eyJhbG' + 'ciOiJIUzI1NiJ9xQ';
    const found = new Detector(config).detect({ path: 'deploy.sh', text: `curl -s \\\n  -u admin:${pw} https://example.test/api\ncurl -H "Authorization: Bearer ${token}" https://example.test\n` });
    expect(found.map((f) => [f.ruleId, f.line, f.secret])).toEqual([
      ['curl-auth-user', 2, `admin:${pw}`],
      ['curl-auth-header', 3, token],
    ]);
  });

  it('names the file, the rule and the construct when a regex cannot be translated', () => {
    const dir = repoWith({
      'gl.toml': '[[rules]]\nid = "greek"\nregex = \'\'\'secret=\\p{Greek}+\'\'\'\n',
    });
    const file = join(dir, 'gl.toml');
    expect(() => loadConfig({ root: dir, configPath: file })).toThrow(/gl\.toml: rule 'greek' regex: cannot translate Go regex: Unicode class \\p\{Greek\}/);
  });

  it('maps gitleaks rule ids (for .gitleaksignore and disabledRules)', () => {
    expect(leakguardRuleIds('aws-access-token')).toContain('aws-access-key-id');
    expect(ruleIdMatches('generic-api-key', 'password-assignment')).toBe(true);
    expect(ruleIdMatches('my-custom', 'my-custom')).toBe(true);
    expect(ruleIdMatches('aws-access-token', 'password-assignment')).toBe(false);
  });

  it('lets specific rules win over catch-all generic-* rules, as listed alphabetically in gitleaks files', () => {
    const dir = repoWith({
      '.gitleaks.toml': `[[rules]]\nid = "generic-api-key"\nregex = '''(?i)token\\s*=\\s*"([^"]+)"'''\n\n[[rules]]\nid = "zeta-token"\nregex = '''(zeta_[[:alnum:]]{16})'''\n`,
    });
    const d = new Detector(loadConfig({ root: dir }));
    const found = d.detect({ path: 'x.py', text: 'token = "zeta_' + 'Ab3dEf6hIj9lMn2p"\nTOKEN = "something-else-entirely"\n' });
    expect(found.map((f) => `${f.line}:${f.ruleId}`)).toEqual(['1:zeta-token', '2:generic-api-key']);
  });

  it('follows [extend] path to a base gitleaks config', () => {
    const dir = repoWith({
      'base.toml': `[[rules]]\nid = "acme-internal-token"\nregex = '''(?P<t>acme_[[:alnum:]]{32})'''\nkeywords = ["acme_"]\n`,
      '.gitleaks.toml': `[extend]\npath = "base.toml"\n\n[[rules]]\nid = "other"\nregex = '''other_[0-9]{8}\\z'''\n`,
    });
    const d = new Detector(loadConfig({ root: dir }));
    const found = d.detect({ path: 'x.txt', text: `a ${acmeToken()}\nb other_12345678` });
    expect(found.map((f) => f.ruleId)).toEqual(['acme-internal-token', 'other']);
  });
});

describe('gitleaks config (CLI)', () => {
  beforeAll(() => {
    if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
  });

  it('a .gitleaks.toml with [extend] useDefault = true and a custom rule finds the custom token and an AWS key', () => {
    const dir = repoWith({
      '.gitleaks.toml': GITLEAKS_TOML,
      'app/settings.py': `ACME_TOKEN = "${acmeToken()}"\n`,
      'deploy/env.sh': `export AWS_ACCESS_KEY_ID=${keyId()}\n`,
    });
    const r = lg(['scan', '--format', 'json', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    const findings: Array<{ ruleId: string; path: string; line: number }> = report.findings ?? report;
    const got = findings.map((f) => `${f.path}:${f.line}:${f.ruleId}`).sort();
    expect(got).toEqual(['app/settings.py:1:acme-internal-token', 'deploy/env.sh:1:aws-access-key-id']);
    expect(r.out).not.toContain(acmeToken());
  });

  it('--config loads a gitleaks config by path; an untranslatable regex is a one-line error, exit 2', () => {
    const dir = repoWith({
      'ci/gitleaks.toml': GITLEAKS_TOML,
      'bad-gitleaks.toml': '[[rules]]\nid = "bad"\nregex = \'\'\'(?U)a+\'\'\'\n',
      'a.txt': `${acmeToken()}\n`,
    });
    const ok = lg(['scan', '--config', 'ci/gitleaks.toml', '--format', 'json', 'a.txt'], dir);
    expect(ok.code).toBe(1);
    expect(ok.out).toContain('acme-internal-token');
    const bad = lg(['scan', '--config', 'bad-gitleaks.toml', 'a.txt'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/bad-gitleaks\.toml: rule 'bad' regex: cannot translate Go regex: the ungreedy flag/);
  });
});
