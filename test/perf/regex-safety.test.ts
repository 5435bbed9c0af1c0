// A user rule that can backtrack catastrophically is refused before the scan (exit 2, one line);
// rules with repeated but unambiguous parts are accepted.
import { afterAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { backtrackingRisk } from '../../src/regex/backtracking.js';
import { loadConfig } from '../../src/config/load.js';
import { cleanupTemp, makeRepo, run } from '../helpers/git.js';

afterAll(cleanupTemp);

const BIN = resolve(__dirname, '../../bin/leakguard.js');

describe('backtrackingRisk', () => {
  it('refuses the classic catastrophic shapes', () => {
    for (const src of ['(a+)+$', '(\\w+\\s?)*$', '(a|ab)*c', '((ab)*c?)+', '(x*)*y', '(.*a){12}', '(a?){25}a{25}', '^(([a-z])+.)+[A-Z]([a-z])+$', 'key=(?:[\\w-]+)+;']) {
      expect(backtrackingRisk(src, ''), src).toBeTruthy();
    }
  });
  it('accepts a bounded run of separator characters that the inner repetitions cannot match', () => {
    // gitleaks' default curl-auth-user / curl-auth-header shape: [\r\n]{1,2} between `.*` spans.
    for (const src of ['\\bcurl\\b(?:.*|.*(?:[\\r\\n]{1,2}.*){1,5})[ \\t\\n\\r](?:-u|--user)', '\\bcurl\\b(?:.*?|.*?(?:[\\r\\n]{1,2}.*?){1,5})[ \\t\\n\\r](?:-H|--header)', '(?:[a-z]+[._-]{1,2})+@', '(?:\\n{1,2}[^\\n]+)+$']) {
      expect(backtrackingRisk(src, ''), src).toBeUndefined();
    }
  });
  it('refuses such a run when it is not disjoint, can be empty, or can be shared out many ways', () => {
    for (const src of ['(?:[\\r\\n]{1,2}\\s*){1,5}x', '(?:\\s{1,2}.*){1,5}x', '(?:\\n{0,2}.*){1,5}x', '(?:\\n{1,2}a*)+x', '(?:\\n{1,2}\\n?a+)+x', '(?:\\n{1,2}.*){1,16}x', '(a|a)*']) {
      expect(backtrackingRisk(src, ''), src).toBeTruthy();
    }
  });
  it('accepts repetitions that split only one way', () => {
    for (const src of ['(?:[a-z]+\\.)+com', '[\\w.-]{0,64}', '(?:ab|cd)+', '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*)', '(?:\\s*,\\s*\\w+)+', '(?:\\d+\\.){3}\\d+', 'AKIA[A-Z0-9]{16}', '(?i)password\\s*=\\s*(\\S+)']) {
      expect(backtrackingRisk(src.replace('(?i)', ''), ''), src).toBeUndefined();
    }
  });
});

describe('user rules', () => {
  it('loadConfig refuses a catastrophic user rule with a one-line error naming it', () => {
    const repo = makeRepo();
    repo.write('.leakguard.toml', "[[rules]]\nid = 'slow'\nregex = '''token=(\\w+\\s?)*$'''\nkeywords = ['token']\n");
    expect(() => loadConfig({ root: repo.dir })).toThrow(/rule 'slow': regex can take exponential time/);
  });

  it('the CLI exits 2 with one line, and runs a safe user rule', () => {
    const repo = makeRepo();
    repo.write('.leakguard.toml', "[[rules]]\nid = 'slow'\nregex = '''token=(a+)+$'''\nkeywords = ['token']\n");
    repo.write('a.txt', 'token=' + 'a'.repeat(40) + '!\n');
    let r = run(process.execPath, [BIN, 'scan', '.'], { cwd: repo.dir });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/exponential time/);
    repo.write('.leakguard.toml', "[[rules]]\nid = 'fine'\nregex = '''token=((?:[a-z]+\\.)+[a-z]+)'''\nkeywords = ['token']\n");
    repo.write('a.txt', 'token=abc.def.ghi\n');
    r = run(process.execPath, [BIN, 'scan', '.', '--format', 'json'], { cwd: repo.dir });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('fine');
  });
});
