// Prints the plan for review. Everything passes through `redact`: no value reaches the terminal.
import type { MigrationPlan } from './build.js';
import { unifiedDiff } from './diff.js';
import type { Tag } from '../tags.js';

export function renderPlan(plan: MigrationPlan, redact: (s: string) => string, tags: Tag[] = []): string {
  const out: string[] = [];
  const keysOf = (name: string) => {
    const s = plan.secrets.find((x) => x.name === name)!;
    return [...new Set(s.values.map((v) => v.key))];
  };
  out.push(`Plan for ${plan.root} (prefix ${plan.prefix})`);
  out.push('');
  if (plan.secrets.length === 0) {
    out.push('No secrets found in the working tree: nothing to migrate.');
    return redact(out.join('\n') + '\n');
  }
  out.push(`Secrets to store in AWS Secrets Manager (${plan.secrets.length}):`);
  for (const s of plan.secrets) {
    out.push(`  ${s.name}`);
    out.push(`      from ${s.sourcePath}, keys: ${keysOf(s.name).join(', ')}`);
  }
  out.push(`  tags on each: created-by=leakguard, source-path=<its file>${tags.map((t) => `, ${t.Key}=${t.Value}`).join('')}`);
  const edits = plan.files.filter((f) => f.status === 'rewrite');
  out.push('');
  out.push(`File edits (${edits.length}), values shown as ****:`);
  if (edits.length === 0) out.push('  (none)');
  for (const f of edits) {
    out.push('');
    out.push(`  ${f.path} [${f.rewriterId}]`);
    for (const n of f.notes ?? []) out.push(`    - ${n}`);
    // No context lines: only changed lines are printed (their values masked), so a value the scanner
    // missed on a neighbouring line can never reach the terminal through the diff.
    out.push(unifiedDiff(f.path, f.before ?? '', f.after ?? '', 0).replace(/\n$/, ''));
    for (const [p, content] of Object.entries(f.extraFiles ?? {})) {
      out.push(`  + generated file ${p} (${content.split('\n').length - (content.endsWith('\n') ? 1 : 0)} lines; created or refreshed)`);
    }
  }
  const wiring = plan.wiring.filter((w) => w.after !== w.before);
  if (wiring.length) {
    out.push('');
    out.push(`Code that loads a migrated config file (${wiring.length}), edited first so it resolves the references:`);
    for (const w of wiring) {
      out.push('');
      out.push(`  ${w.path} [loads ${w.configs.join(', ')}]`);
      for (const n of w.notes) out.push(`    - ${n}`);
      out.push(unifiedDiff(w.path, w.before, w.after, 0).replace(/\n$/, ''));
      for (const [p, content] of Object.entries(w.extraFiles)) {
        out.push(`  + generated file ${p} (${content.split('\n').length - (content.endsWith('\n') ? 1 : 0)} lines; created or refreshed)`);
      }
    }
  }
  const manual = plan.files.filter((f) => f.status === 'manual');
  if (manual.length > 0) {
    out.push('');
    out.push(`Files not rewritten: manual step for each (${manual.length}); their values are still stored:`);
    for (const f of manual) {
      out.push(`  ${f.path} -> secret ${f.secret.name}`);
      out.push(`      why:  ${f.manual?.reason ?? 'not rewritten automatically'}`);
      out.push(`      step: ${f.manual?.step ?? ''}`);
    }
  }
  const errors = plan.files.filter((f) => f.status === 'error');
  if (errors.length > 0) {
    out.push('');
    out.push(`Files that cannot be rewritten (${errors.length}); they will be left untouched:`);
    for (const f of errors) out.push(`  ${f.path}: ${f.error}`);
  }
  if (plan.skipped.length > 0) {
    out.push('');
    out.push(`Findings not moved (${plan.skipped.length}):`);
    for (const s of plan.skipped) out.push(`  ${s.path}:${s.line}: ${s.reason}`);
  }
  return redact(out.join('\n') + '\n');
}
