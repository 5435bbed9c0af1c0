#!/usr/bin/env node
// Independent evaluation of leakguard on generated legacy repos, run the way the graders run it (issue 2 and 3,
// "What will be checked on what lands"):
//   tree:    `leakguard scan --format sarif .`            recall / precision by (file, line)
//   history: `leakguard scan --history --format sarif`    recall with the right commit per planted value
//   redaction: no planted value in SARIF, JSON or text output (tree and history)
//   --migrate: the migrate check of issue 3 against moto (see scripts/eval/migrate-check.mjs)
//
// Usage: node scripts/eval-legacy.mjs [--seeds 1,2,3] [--cli bin/leakguard.js] [--json] [--keep] [--migrate]
//        [--migrate-seed N] [--quiet]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLegacyRepo, maskLine, mask } from './eval/legacy-repo.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(name);
const cli = resolve(opt('--cli', join(here, '..', 'bin', 'leakguard.js')));
const seeds = opt('--seeds', opt('--seed', '1,2,3')).split(',').map(Number);
const asJson = flag('--json');
const quiet = flag('--quiet');
const out = (s = '') => {
  if (!asJson) process.stdout.write(s + '\n');
};

function runCli(cwd, cliArgs) {
  const r = spawnSync(process.execPath, [cli, ...cliArgs], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function sarifResults(stdout, what) {
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new Error(`${what}: SARIF output is not JSON: ${stdout.slice(0, 200)}`);
  }
  const res = [];
  for (const run of doc.runs ?? [])
    for (const r of run.results ?? []) {
      const loc = r.locations?.[0]?.physicalLocation;
      res.push({
        path: decodeURIComponent(loc?.artifactLocation?.uri ?? ''),
        line: loc?.region?.startLine,
        rule: r.ruleId,
        commit: r.partialFingerprints?.commitSha,
      });
    }
  return res;
}

export function evaluateSeed(seed, { keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `lg-legacy-${seed}-`));
  const truth = generateLegacyRepo(join(dir, 'acme-shop'), seed);
  const repo = truth.dir;
  const result = { seed, repo, errors: [] };
  const allValues = truth.values;
  const m = (s) => maskLine(s, allValues);

  // ---- tree -------------------------------------------------------------------------------------------
  const tree = runCli(repo, ['scan', '--format', 'sarif', '.']);
  if (tree.code !== 1) result.errors.push(`tree scan exit ${tree.code}: ${tree.stderr.trim().slice(0, 300)}`);
  const treeRes = tree.code === 1 || tree.code === 0 ? sarifResults(tree.stdout, 'tree scan') : [];
  const key = (p, l) => `${p}:${l}`;
  const truthKeys = new Map(truth.tree.map((t) => [key(t.path, t.line), t]));
  const ambKeys = new Set(truth.ambiguous.map((a) => key(a.path, a.line)));
  const negByKey = new Map(truth.negatives.map((n) => [key(n.path, n.line), n]));
  const reported = new Map();
  for (const r of treeRes) {
    const k = key(r.path, r.line);
    if (!reported.has(k)) reported.set(k, new Set());
    reported.get(k).add(r.rule);
  }
  const tp = [...truthKeys.keys()].filter((k) => reported.has(k));
  const fn = truth.tree.filter((t) => !reported.has(key(t.path, t.line)));
  const fp = [...reported.keys()].filter((k) => !truthKeys.has(k) && !ambKeys.has(k));
  const ambHit = truth.ambiguous.filter((a) => reported.has(key(a.path, a.line)));
  result.tree = {
    planted: truthKeys.size,
    tp: tp.length,
    fn: fn.map((t) => ({ path: t.path, line: t.line, kinds: t.kinds, text: m(t.text) })),
    fp: fp.map((k) => {
      const [path, line] = [k.slice(0, k.lastIndexOf(':')), Number(k.slice(k.lastIndexOf(':') + 1))];
      const n = negByKey.get(k);
      const at = truth.lineAt(truth.commits.at(-1).sha, path, line);
      return { path, line, rules: [...reported.get(k)], label: n?.label ?? at.what, text: m(at.text ?? '') };
    }),
    ambiguous: ambHit.map((a) => ({ path: a.path, line: a.line, label: a.label, rules: [...reported.get(key(a.path, a.line))], text: maskLine(a.text, [a.text.match(/password[="\s:]+"?([^"\s]+)/i)?.[1] ?? '']) })),
    ambiguousTotal: truth.ambiguous.length,
  };
  result.tree.recall = tp.length / truthKeys.size;
  result.tree.precision = tp.length + fp.length ? tp.length / (tp.length + fp.length) : 1;

  // ---- history ----------------------------------------------------------------------------------------
  const hist = runCli(repo, ['scan', '--history', '--format', 'sarif']);
  if (hist.code !== 1) result.errors.push(`history scan exit ${hist.code}: ${hist.stderr.trim().slice(0, 300)}`);
  const histRes = hist.code === 1 || hist.code === 0 ? sarifResults(hist.stdout, 'history scan') : [];
  const hkey = (c, p, l) => `${c}:${p}:${l}`;
  const hReported = new Set(histRes.map((r) => hkey(r.commit, r.path, r.line)));
  const eventKeys = new Set(truth.history.map((h) => hkey(h.commit, h.path, h.line)));
  const shortSha = (s) => (s ?? '?').slice(0, 10);
  const commitMsg = new Map(truth.commits.map((c) => [c.sha, c.msg]));
  const hMiss = truth.history.filter((h) => !hReported.has(hkey(h.commit, h.path, h.line)));
  const noCommit = histRes.filter((r) => !r.commit).length;
  const hExtra = [];
  for (const r of histRes) {
    const k = hkey(r.commit, r.path, r.line);
    if (eventKeys.has(k)) continue;
    const at = truth.lineAt(r.commit, r.path, r.line);
    hExtra.push({ commit: shortSha(r.commit), path: r.path, line: r.line, rule: r.rule, what: at.what, label: at.label, text: m(at.text ?? '') });
  }
  result.history = {
    events: truth.history.length,
    found: truth.history.length - hMiss.length,
    recall: (truth.history.length - hMiss.length) / truth.history.length,
    findingsWithoutCommitSha: noCommit,
    miss: hMiss.map((h) => {
      const elsewhere = histRes.filter((r) => r.path === h.path && r.line === h.line && r.commit !== h.commit).map((r) => shortSha(r.commit));
      return { commit: shortSha(h.commit), commitMsg: commitMsg.get(h.commit), path: h.path, line: h.line, kind: h.kind, text: m(h.text), sameLineOtherCommits: elsewhere };
    }),
    extra: hExtra,
  };

  // ---- redaction --------------------------------------------------------------------------------------
  const outputs = { 'tree sarif': tree.stdout + tree.stderr, 'history sarif': hist.stdout + hist.stderr };
  for (const fmt of ['json', 'text']) {
    const t = runCli(repo, ['scan', '--format', fmt, '.']);
    outputs[`tree ${fmt}`] = t.stdout + t.stderr;
    const h = runCli(repo, ['scan', '--history', '--format', fmt]);
    outputs[`history ${fmt}`] = h.stdout + h.stderr;
    if (t.code !== 1) result.errors.push(`tree scan --format ${fmt} exit ${t.code}`);
    if (h.code !== 1) result.errors.push(`history scan --format ${fmt} exit ${h.code}`);
  }
  const kindOf = new Map(truth.history.map((h) => [h.value, h.kind]));
  result.leaks = [];
  for (const [name, text] of Object.entries(outputs))
    for (const v of allValues) if (v.length >= 6 && text.includes(v)) result.leaks.push({ output: name, kind: kindOf.get(v), value: mask(v) });

  if (!keep) rmSync(dir, { recursive: true, force: true });
  return result;
}

function report(r) {
  if (r.errors.length) for (const e of r.errors) out(`  ERROR: ${e}`);
  if (r.tree.fn.length) {
    out(`  tree misses (${r.tree.fn.length}):`);
    for (const f of r.tree.fn) out(`    FN ${f.path}:${f.line} [${f.kinds.join(',')}]  ${f.text.trim()}`);
  }
  if (r.tree.fp.length) {
    out(`  tree false positives (${r.tree.fp.length}):`);
    for (const f of r.tree.fp) out(`    FP ${f.path}:${f.line} {${f.label}} rule=${f.rules.join(',')}  ${f.text.trim()}`);
  }
  if (r.tree.ambiguous.length) {
    out(`  ambiguous lines reported (not scored; ${r.tree.ambiguous.length}/${r.tree.ambiguousTotal}):`);
    for (const a of r.tree.ambiguous) out(`    ~ ${a.path}:${a.line} {${a.label}} rule=${a.rules.join(',')}`);
  }
  if (r.history.miss.length) {
    out(`  history misses (${r.history.miss.length}):`);
    for (const h of r.history.miss)
      out(`    FN ${h.commit} "${h.commitMsg}" ${h.path}:${h.line} [${h.kind}]${h.sameLineOtherCommits.length ? ` (same path:line reported at ${h.sameLineOtherCommits.join(',')})` : ''}  ${h.text.trim()}`);
  }
  const extraFp = r.history.extra.filter((e) => e.what !== 'planted' && e.what !== 'ambiguous');
  if (extraFp.length) {
    out(`  history findings on non-planted lines (${extraFp.length}):`);
    for (const e of extraFp) out(`    FP ${e.commit} ${e.path}:${e.line} {${e.label ?? e.what}} rule=${e.rule}  ${e.text.trim()}`);
  }
  const rereported = r.history.extra.filter((e) => e.what === 'planted');
  if (rereported.length) out(`  history: ${rereported.length} planted line(s) reported again at a later commit than their introduction (not an error)`);
  if (r.leaks.length) {
    out(`  UNREDACTED VALUES (${r.leaks.length}):`);
    for (const l of r.leaks) out(`    LEAK in ${l.output}: ${l.kind} ${l.value}`);
  }
}

const pct = (x) => (x * 100).toFixed(1).padStart(6);

async function main() {
  const results = [];
  out(`leakguard legacy-repo evaluation — cli ${cli}`);
  out('');
  out('seed | tree planted  TP  FN  FP  recall  precision | history events found  recall | unredacted');
  out('-----+---------------------------------------------+-------------------------------+-----------');
  for (const seed of seeds) {
    const r = evaluateSeed(seed, { keep: flag('--keep') });
    results.push(r);
    out(
      `${String(seed).padStart(4)} | ${String(r.tree.planted).padStart(12)} ${String(r.tree.tp).padStart(3)} ${String(r.tree.fn.length).padStart(3)} ${String(r.tree.fp.length).padStart(3)} ${pct(r.tree.recall)}% ${pct(r.tree.precision)}%   | ${String(r.history.events).padStart(13)} ${String(r.history.found).padStart(5)} ${pct(r.history.recall)}% | ${String(r.leaks.length).padStart(5)}${r.errors.length ? '  ERRORS' : ''}`,
    );
  }
  if (!quiet)
    for (const r of results) {
      out('');
      out(`== seed ${r.seed}${flag('--keep') ? ` (repo kept at ${r.repo})` : ''}`);
      report(r);
    }
  let migrate;
  if (flag('--migrate')) {
    const { migrateCheck } = await import('./eval/migrate-check.mjs');
    migrate = await migrateCheck(Number(opt('--migrate-seed', String(seeds[0]))), { cli, keep: flag('--keep'), log: out });
  }
  if (asJson) process.stdout.write(JSON.stringify({ results, migrate }, null, 1) + '\n');
}

main().catch((e) => {
  process.stderr.write(`eval-legacy: ${e.stack ?? e}\n`);
  process.exit(2);
});
