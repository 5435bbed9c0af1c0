// SARIF 2.1.0 output: valid against the SARIF 2.1.0 JSON schema (the copy shipped in
// @microsoft/jest-sarif, draft-04, checked with ajv) and shaped the way GitHub code scanning reads it.
import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import { redact } from '../../src/report/redact.js';
import { pathToUri } from '../../src/report/sarif.js';
import { emptySummary } from '../../src/types.js';
import { fixture } from './fixtures.js';
import { expectValidSarif as valid, validateSarif as validate } from './sarif-schema.js';

const opts = (redact = true) => ({ redact, color: false, root: '/work/repo', version: '1.2.3' });

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with findings and without', () => {
    valid(JSON.parse(render('sarif', fixture().result, opts())));
    valid(JSON.parse(render('sarif', fixture().result, opts(false))));
    valid(JSON.parse(render('sarif', { findings: [], summary: emptySummary() }, opts())));
  });

  it('the schema check can fail', () => {
    const doc = JSON.parse(render('sarif', fixture().result, opts()));
    doc.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(doc)).toBe(false);
  });

  it('has the fields GitHub code scanning uses', () => {
    const fx = fixture();
    const doc = JSON.parse(render('sarif', fx.result, opts()));
    expect(doc.$schema).toMatch(/sarif-2\.1\.0/);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs).toHaveLength(1);
    const run = doc.runs[0];
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'leakguard', version: '1.2.3' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'aws-access-key-id',
      'aws-secret-access-key',
      'password-assignment',
      'github-pat',
      'private-key',
      'k8s-secret-password',
    ]);
    for (const r of driver.rules) {
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(r.shortDescription.text.length).toBeGreaterThan(0);
      expect(r.fullDescription.text.length).toBeGreaterThan(0);
      expect(r.defaultConfiguration.level).toBe('error');
      expect(r.properties.tags).toContain('security');
      expect(r.properties['security-severity']).toMatch(/^\d+\.\d$/);
    }
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/repo/');
    expect(run.results).toHaveLength(6);
    run.results.forEach((res: any, i: number) => {
      expect(driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.level).toBe('error');
      expect(res.partialFingerprints['leakguardFingerprint/v1']).toBe(fx.result.findings[i].fingerprint);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    });
    const [first, second, third] = run.results;
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe('src/config.py');
    expect(first.locations[0].physicalLocation.region).toMatchObject({ startLine: 12, startColumn: 12, endLine: 12, endColumn: 32 });
    expect(first.partialFingerprints.commitSha).toBeUndefined();
    expect(first.message.text).toBe(`aws access key id: ${redact(fx.secrets[0])}`);
    // Repo-relative, forward slashes, percent-encoded where URIs need it.
    expect(second.locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/a%2Cb%3Ac%25d.tf');
    expect(second.partialFingerprints.commitSha).toBe('a'.repeat(40));
    expect(second.properties.commit).toMatchObject({ sha: 'a'.repeat(40), author: 'Dev One', date: '2024-01-02T03:04:05Z' });
    expect(second.properties.commit.message).toBe(`add key ${redact(fx.secrets[1])}`);
    expect(third.partialFingerprints.commitSha).toBe('b'.repeat(40));
    // Multi-line region for the private key.
    expect(run.results[4].locations[0].physicalLocation.region).toMatchObject({ startLine: 1, endLine: 3 });
  });

  it('makes absolute paths under the root relative and encodes URI characters', () => {
    const fx = fixture();
    fx.result.findings[0].path = '/work/repo/sub dir/x#1.py';
    fx.result.findings[1].path = 'win\\style\\path.env';
    const run = JSON.parse(render('sarif', fx.result, opts())).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('sub%20dir/x%231.py');
    expect(run.results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('win/style/path.env');
    expect(pathToUri('a b/c?d')).toBe('a%20b/c%3Fd');
  });

  it('keeps snippets masked when redacting and raw with redact=false', () => {
    const fx = fixture();
    const redacted = JSON.parse(render('sarif', fx.result, opts())).runs[0].results;
    expect(redacted[0].locations[0].physicalLocation.region.snippet.text).toBe(
      `AWS_KEY = "${redact(fx.secrets[0])}"  # and again ${redact(fx.secrets[0])}`,
    );
    const raw = JSON.parse(render('sarif', fx.result, opts(false))).runs[0].results;
    expect(raw[0].locations[0].physicalLocation.region.snippet.text).toContain(fx.secrets[0]);
    expect(raw[2].message.text).toContain(fx.secrets[2]);
  });
});
