// The reproductions of issue 12, item 4, through the real Detector: a found value "1234" turned
// `"line": 1234` into `"line": ****`, a found value "ignored" renamed `suppressed.ignored`, and values
// equal to format keywords broke JUnit attributes and GitHub workflow commands.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import { render } from '../../src/report/index.js';
import { redact } from '../../src/report/redact.js';
import { emptySummary, type ScanResult } from '../../src/types.js';
import { cleanupTemp, tempDir } from '../helpers/git.js';
import { elements, parseXml } from './xml.js';

afterAll(cleanupTemp);

const detector = new Detector(loadConfig({ root: tempDir('lg-tricky-cfg-') }));
const opts = { redact: true, color: false, root: '/repo', version: '1.0.0' };

/** Scans a .env file (preceded by `pad` blank lines) holding `value` as a password. */
function scan(value: string, pad = 0): ScanResult {
  const findings = detector.detect({ path: 'app/.env', text: '\n'.repeat(pad) + `DB_PASSWORD=${value}\n` });
  const summary = emptySummary();
  summary.scanned = 1234;
  summary.durationMs = 1234;
  summary.suppressed.ignored = 2;
  summary.suppressed.belowConfidence = 3;
  return { findings, summary };
}

describe('found values that look like report structure', () => {
  for (const value of ['1234', 'ignored', 'line', 'error', 'warning', 'testcase', 'belowConfidence', '::error']) {
    it(`"${value}"`, () => {
      const result = scan(value, 1233);
      expect(result.findings.length, 'the detector finds it').toBeGreaterThan(0);
      expect(result.findings.every((f) => f.secret === value && f.line === 1234)).toBe(true);

      const doc = JSON.parse(render('json', result, opts));
      expect(doc.summary).toMatchObject({ scanned: 1234, durationMs: 1234, suppressed: { inline: 0, baseline: 0, ignored: 2, allowlist: 0, belowConfidence: 3 } });
      for (const f of doc.findings) {
        expect(f).toMatchObject({ path: 'app/.env', line: 1234, endLine: 1234, secret: redact(value) });
        expect(f.lineText).toBe(`DB_PASSWORD=${redact(value)}`);
      }

      const sarif = JSON.parse(render('sarif', result, opts));
      expect(sarif.runs[0].properties.summary.suppressed).toEqual(doc.summary.suppressed);
      expect(sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => r.locations[0].physicalLocation.region.startLine)).toEqual(result.findings.map(() => 1234));

      const junit = parseXml(render('junit', result, opts));
      expect(junit.attrs).toMatchObject({ tests: String(result.findings.length), errors: '0', time: '1.234' });
      expect(elements(junit, 'testcase').map((c) => c.attrs.line)).toEqual(result.findings.map(() => '1234'));

      const annotations = render('github', result, opts).split('\n').filter((l) => l.startsWith('::'));
      expect(annotations).toHaveLength(result.findings.length);
      for (const a of annotations) expect(a).toMatch(/^::(error|warning|notice) file=app\/\.env,line=1234,col=13,endColumn=\d+,title=leakguard%3A [\w-]+::/);

      expect(render('text', result, opts)).toMatch(/scanned 1234 files; suppressed 2 ignore file, 3 below --min-confidence; 1\.23 s/);
    });
  }
});
