// action.yml: the composite action's shape, and its scan step run for real (bash, git, the built CLI)
// on a pull-request range and a push, with GitHub's environment simulated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { cleanupTemp, fakeAwsKeyId, makeRepo, run, gitEnv, type TempRepo } from '../helpers/git.js';

afterAll(cleanupTemp);

const ROOT = resolve(__dirname, '../..');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
type Step = { id?: string; name: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string>; shell?: string };
const steps: Step[] = action.runs.steps;
const scanStep = steps.find((s) => s.id === 'scan')!;

function runScanStep(repo: TempRepo, ctx: Record<string, string>, inputs: Record<string, string> = {}) {
  const defaults = Object.fromEntries(Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [k, v.default]));
  const values: Record<string, string> = { 'github.action_path': ROOT, ...ctx };
  for (const [k, v] of Object.entries({ ...defaults, ...inputs })) values[`inputs.${k}`] = v;
  const env: Record<string, string> = {};
  for (const [k, expr] of Object.entries(scanStep.env ?? {})) {
    const m = /^\$\{\{\s*([\w.-]+)\s*\}\}$/.exec(expr);
    if (!m) throw new Error(`unexpected env expression ${expr}`);
    env[k] = values[m[1]] ?? '';
  }
  const outFile = join(repo.dir, '..', `gh-output-${Math.random().toString(36).slice(2)}`);
  const r = run('bash', ['-c', scanStep.run!], { cwd: repo.dir, env: gitEnv({ ...env, GITHUB_OUTPUT: outFile }) });
  const outputs = Object.fromEntries(
    (existsSync(outFile) ? readFileSync(outFile, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...r, outputs };
}

describe('action.yml', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
  });

  it('is a composite action with the inputs, node 20, SARIF upload on always() and a failing step', () => {
    expect(action.runs.using).toBe('composite');
    for (const k of ['config', 'format', 'args', 'upload-sarif']) expect(action.inputs[k], k).toBeDefined();
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
    expect(String(node.with!['node-version'])).toBe('20');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/always\(\)/);
    expect(upload.with!.sarif_file).toContain('steps.scan.outputs.sarif');
    const fail = steps[steps.length - 1];
    expect(fail.run).toMatch(/exit 1/);
    // Inputs reach scripts only through env, never spliced into the script text.
    for (const s of steps) if (s.run) expect(s.run).not.toMatch(/\$\{\{/);
  });

  it('scans only the pull request range, writes SARIF and reports findings through outputs', () => {
    const repo = makeRepo();
    const old = fakeAwsKeyId();
    repo.write('legacy.env', `AWS_ACCESS_KEY_ID=${old}\n`);
    const base = repo.commitAll('legacy');
    repo.write('clean.txt', 'hello\n');
    const clean = repo.commitAll('clean change');
    let r = runScanStep(repo, { 'github.event_name': 'pull_request', 'github.event.pull_request.base.sha': base, 'github.event.pull_request.head.sha': clean });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`scanning ${base}..${clean}`);
    expect(r.outputs['exit-code']).toBe('0');
    expect(r.outputs.findings).toBe('0');

    const key = fakeAwsKeyId();
    repo.write('app/config.py', `AWS_ACCESS_KEY_ID = "${key}"\n`);
    const head = repo.commitAll('add key');
    r = runScanStep(repo, { 'github.event_name': 'pull_request', 'github.event.pull_request.base.sha': base, 'github.event.pull_request.head.sha': head });
    expect(r.status, r.stderr).toBe(0);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.outputs.findings).toBe('1');
    expect(r.stdout).toMatch(/^::error file=app\/config\.py,line=1,/m);
    expect(r.stdout + r.stderr).not.toContain(key);
    const sarif = JSON.parse(readFileSync(r.outputs.sarif, 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(sarif.runs[0].results[0].partialFingerprints.commitSha).toBe(head);
    expect(readFileSync(r.outputs.sarif, 'utf8')).not.toContain(key);
  });

  it('scans before..after on push, and what the default branch lacks for a new branch', () => {
    const origin = makeRepo();
    origin.write('README', 'x\n');
    const first = origin.commitAll('init');
    const repo = makeRepo();
    repo.git('remote', 'add', 'origin', origin.dir);
    repo.git('fetch', '-q', 'origin');
    repo.git('checkout', '-q', '-b', 'feature', 'origin/main');
    const key = fakeAwsKeyId();
    repo.write('k.env', `AWS_ACCESS_KEY_ID=${key}\n`);
    const after = repo.commitAll('key');
    let r = runScanStep(repo, { 'github.event_name': 'push', 'github.event.before': first, 'github.event.after': after });
    expect(r.stdout).toContain(`scanning ${first}..${after}`);
    expect(r.outputs['exit-code']).toBe('1');
    r = runScanStep(repo, { 'github.event_name': 'push', 'github.event.before': '0'.repeat(40), 'github.event.after': after, 'github.event.repository.default_branch': 'main' }, { 'upload-sarif': 'false', format: 'text' });
    expect(r.stdout).toContain(`scanning origin/main..${after}`);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.outputs.sarif).toBeUndefined();
    expect(r.stdout).toContain('k.env:1:19');
    expect(r.stdout).not.toContain(key);
  });

  it('reports exit code 2 for a bad config without failing the step itself', () => {
    const repo = makeRepo();
    repo.commitAll('empty');
    const r = runScanStep(repo, { 'github.event_name': 'workflow_dispatch' }, { config: 'missing.toml' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('scanning all history');
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.outputs.sarif).toBeUndefined();
  });
});
