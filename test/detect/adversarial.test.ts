// Hang guard: every built-in rule must stay linear on adversarial input. Each case runs detect() with
// each rule alone on
// a 1 MB line built to provoke backtracking (long runs after a keyword, repeated prefixes, base64 and
// slash runs). The per-test timeout is a hang guard (a super-linear regex takes minutes or hours
// on these inputs), not a speed benchmark.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import type { RuleSpec } from '../../src/types.js';

const MB = 1 << 20;
const tick = () => new Promise<void>((r) => setImmediate(r));
const fill = (unit: string, prefix = '') => prefix + unit.repeat(Math.ceil((MB - prefix.length) / unit.length));

function builtinRules(): RuleSpec[] {
  const empty = mkdtempSync(join(tmpdir(), 'lg-adv-'));
  try {
    return loadConfig({ root: empty }).rules;
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

const rules = builtinRules();
// A first line holding every keyword, so the prefilter lets each rule run on the adversarial line.
const header = [...new Set(rules.flatMap((r) => r.keywords ?? []))].join(' ') + '\n';

// Keywords are assembled so that this file, scanned itself, holds no assignment-looking text.
const PW = ['pass', 'word'].join('');
const INPUTS: Record<string, string> = {
  'password assignment then a run of letters': fill('a', `${PW}=`),
  'password assignment with an open quote then a run': fill('a', `${PW} = "`),
  'password then spaced words': fill('a ', `${PW} `),
  'AKIA repeated': fill('AKIA'),
  'long base64 run after aws_secret': fill('Ab0+', 'aws_secret_access_key = '),
  'A/ repeated': fill('A/'),
  'slashes and pluses': fill('/+'),
  'secret_key then equals signs': fill('=', 'secret_key'),
  'keywords repeated': fill('secret password key token auth : = '),
  'scheme then user:pass pairs': fill('a:', 'x://'),
  'at signs after scheme': fill('a@', 'postgres://u:'),
  'xml open tags': fill('<password a', ''),
  'mysql -p repeated': fill(' -p', 'mysql'),
  'curl -u repeated': fill(' -u a', 'curl'),
  'quotes and comparisons': fill('"a" == ', ''),
  'quoted strings after password': fill('"a", ', `${PW} = `),
  'semicolon key/value pairs': fill(['p', 'wd=a;'].join(''), 'Server=x;'),
  'machine lines': fill(' machine a login b', 'machine'),
  'crypt prefixes': fill('$2y$10$'),
  'pgpass colons': fill('a:'),
  'jwt-like segments': fill('eyJhbGciOi.'),
  'private key header without end': fill('A', '-----BEGIN RSA PRIVATE KEY-----\n'),
  'putty header without lines': fill('a\n', 'PuTTY-User-Key-File-2: ssh-rsa\n'),
  'token prefixes': fill('ghp_xoxb-glpat-npm_AIza'),
  'call arguments': fill('"a", ', 'getConnection('),
  'define() repeated': fill("define('DB_PASSWORD', "),
  'spaces after a keyword': fill(' ', 'password'),
  'tabs after a key': fill('\t', 'secret_key:'),
  'newlines after a keyword': fill('\n', 'password'),
  'CRLF after machine': fill('\r\n', 'machine a'),
};

// A path each rule accepts (path-restricted rules such as .pgpass need their file name).
function pathFor(rule: RuleSpec): string {
  if (rule.path && /pgpass/.test(rule.path)) return 'ops/.pgpass';
  return 'config/settings.env';
}

describe('rules stay linear on adversarial input', () => {
  const detectors = rules.map((rule) => ({ rule, detector: new Detector({ rules: [rule] }) }));
  for (const [name, text] of Object.entries(INPUTS)) {
    it(`1 MB line: ${name}`, { timeout: 60_000 }, async () => {
      for (const { rule, detector } of detectors) {
        const findings = detector.detect({ path: pathFor(rule), text: header + text });
        expect(Array.isArray(findings), rule.id).toBe(true);
        await tick(); // let the test runner's RPC breathe between rules
      }
    });
  }

  it('the whole detector on every input', { timeout: 120_000 }, async () => {
    const detector = new Detector({ rules });
    for (const text of Object.values(INPUTS)) {
      expect(Array.isArray(detector.detect({ path: 'x/.netrc', text: header + text }))).toBe(true);
      await tick();
    }
  });
});
