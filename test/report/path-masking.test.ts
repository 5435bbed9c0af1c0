// A value that is also part of a reported path masks the value, never the path.
import { describe, expect, it } from 'vitest';
import { render, REPORT_FORMATS } from '../../src/report/index.js';
import type { Finding, ScanResult } from '../../src/types.js';
import { emptySummary } from '../../src/types.js';

function finding(path: string, secret: string, lineText: string): Finding {
  const col = lineText.indexOf(secret) + 1;
  return {
    ruleId: 'password-assignment', description: 'Password', kind: 'password', path, line: 3, column: col,
    endLine: 3, endColumn: col + secret.length, secret, match: secret, lineText, entropy: 2, fingerprint: 'f'.repeat(64),
  };
}

describe('path masking', () => {
  it('keeps paths intact when a short value equals a directory name', () => {
    const short = 'bill' + 'ing';
    const long = 'Tr0ub4dor' + '&3x';
    const result: ScanResult = {
      findings: [
        finding(`${short}/src/Db.java`, short, `String user = "${short}";`),
        finding(`${short}/src/Other.java`, long, `String password = "${long}";`),
      ],
      summary: emptySummary(),
    };
    for (const format of REPORT_FORMATS) {
      const out = render(format, result, { redact: true, color: false, root: '/repo', version: '0' });
      expect(out, format).toContain(`${short}/src/Other.java`);
      expect(out, format).not.toContain(long);
      expect(out, format).not.toContain(`"${short}"`);
    }
  });
});

describe('structural text', () => {
  it('does not mask rule ids, kinds or descriptions when the value is a common word', () => {
    const word = 'pass' + 'word';
    const result: ScanResult = { findings: [finding('app/.env', word, `DB_PASSWORD=${word}`)], summary: emptySummary() };
    for (const format of REPORT_FORMATS) {
      const out = render(format, result, { redact: true, color: false, root: '/repo', version: '0' });
      expect(out, format).toContain('password-assignment');
      expect(out, format).not.toContain(`DB_PASSWORD=${word}`);
    }
  });
});
