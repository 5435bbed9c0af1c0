// The detection engine: one pass of a combined keyword pattern picks the rules worth running on a
// fragment, then each picked rule's regex runs, and every candidate goes through the rule's checks,
// entropy floor and allowlists before it becomes a Finding.
import type { Confidence, ConfigSpec, Finding, Fragment, SecretKind } from '../types.js';
import { compileAllowlist, compilePathMatcher, type CompiledAllowlist } from '../allow/allowlist.js';
import { isInlineAllowed, mayHoldInlineMarker } from '../allow/inline.js';
import { compileRegex } from '../config/regex.js';
import { shannonEntropy } from './entropy.js';
import { LineIndex } from './lines.js';
import { VALUE_CHECKS, type ValueCheck } from './value-checks.js';
import { detectEncoded, MAX_ENCODED_DEPTH, mergeEncoded } from './encoded.js';
import { IAM_UNIQUE_ID_RULE, UserError } from '../types.js';
import { analyzeRegex, KeywordPrefilter, matchesAt, matchesIn } from './prefilter.js';
import { sharedJudge, type FileVerdict, type Judge } from '../judge/judge.js';

interface CompiledRule {
  id: string;
  description: string;
  kind: SecretKind;
  priority: number;
  re: RegExp;
  secretGroup?: number;
  keyGroup: boolean;
  keywords: string[];
  entropy?: number;
  minLength?: number;
  pathTest?: (p: string) => boolean;
  allowlists: CompiledAllowlist[];
  checks: ValueCheck[];
  near?: { rules: Set<string>; lines: number };
  /** No match can span lines (prefilter facts). */
  lineLocal: boolean;
  /** The rule's findings take this level instead of the judge's (a user's rule: medium by default). */
  fixedConfidence?: Confidence;
  /** `re` with the y flag, for rules planned by match starts (made on first use). */
  sticky?: RegExp;
  /**
   * Strings one of which every match holds (src/regex/required-literals.ts), when the keywords
   * that plan the rule do not already imply one: text without any is not matched.
   */
  literals?: string[];
}

export interface DetectStats {
  /** Candidates dropped by an inline allow marker. */
  inline: number;
  /** Candidates dropped by an allowlist (rule or global). */
  allowlist: number;
}

/** Lines longer than this are shown to checks and allowlists as a window around the candidate. */
const LONG_LINE = 4096;

/**
 * A rule's required literals, unless its keywords already vouch for one (each keyword holds one of
 * them, ignoring case: a vendor prefix that is both): then looking for them again only costs.
 */
function literalsBeyondKeywords(literals: string[] | undefined, keywords: string[]): string[] | undefined {
  if (!literals) return undefined;
  const lower = literals.map((l) => l.toLowerCase());
  return keywords.length > 0 && keywords.every((k) => lower.some((l) => k.includes(l))) ? undefined : literals;
}

function lineWindow(line: string, at: number, len: number): string {
  const from = Math.max(0, at - 1024);
  return line.slice(from, Math.min(line.length, at + len + 1024));
}

/** Fragments up to this size give the judge the lines around a password (split once, when one is found). */
const NEARBY_MAX = 4 << 20;
/** Lines around a finding the judge looks at (a user name given beside a password). */
const NEARBY = 4;

function nearbyLines(lines: string[], idx: number): string | undefined {
  if (lines.length === 0) return undefined;
  return lines.slice(Math.max(0, idx - NEARBY), idx + NEARBY + 1).map((l) => (l.length > LONG_LINE ? l.slice(0, LONG_LINE) : l)).join('\n');
}

/** LEAKGUARD_NO_WINDOWS=1 runs every rule on whole fragments (to compare; same findings). */
const windowsOff = process.env.LEAKGUARD_NO_WINDOWS === '1';

export class Detector {
  readonly rules: CompiledRule[];
  private readonly prefilter: KeywordPrefilter<CompiledRule>;
  private readonly global: CompiledAllowlist[];
  private readonly ruleById: Map<string, CompiledRule>;
  readonly stats: DetectStats = { inline: 0, allowlist: 0 };
  /** Sets each finding's confidence (src/judge/); made on the first finding. */
  private judge?: Judge;

  constructor(config: ConfigSpec) {
    const disabled = new Set(config.disabledRules ?? []);
    this.rules = [];
    config.rules.forEach((spec, i) => {
      if (disabled.has(spec.id)) return;
      const where = `${spec.source ?? 'config'}: rule '${spec.id}'`;
      if (!spec.regex) throw new UserError(`${where}: has no regex`);
      const re = compileRegex(spec.regex, where, 'gd');
      const checks = (spec.checks ?? []).map((name) => {
        const c = VALUE_CHECKS[name];
        if (!c) throw new UserError(`${where}: unknown check '${name}' (known: ${Object.keys(VALUE_CHECKS).join(', ')})`);
        return c;
      });
      const pathRegexes = spec.path ? [spec.path] : [];
      this.rules.push({
        id: spec.id,
        description: spec.description ?? spec.id,
        kind: spec.kind ?? 'generic-secret',
        priority: i,
        re,
        secretGroup: spec.secretGroup,
        keyGroup: /\(\?<key>/.test(spec.regex),
        keywords: (spec.keywords ?? []).map((k) => k.toLowerCase()).filter(Boolean),
        entropy: spec.entropy,
        minLength: spec.minLength,
        pathTest: compilePathMatcher(pathRegexes, spec.pathGlobs ?? [], where),
        allowlists: (spec.allowlists ?? []).map((a) => compileAllowlist(a, where)),
        checks,
        near: spec.near ? { rules: new Set(spec.near.rules), lines: spec.near.lines } : undefined,
        lineLocal: false,
        fixedConfidence: spec.confidence === 'judged' ? undefined : (spec.confidence ?? (spec.source?.startsWith('rules/') ? undefined : 'medium')),
      });
    });
    this.ruleById = new Map(this.rules.map((r) => [r.id, r]));
    this.global = (config.allowlists ?? []).map((a, i) => compileAllowlist(a, `config: allowlist ${i + 1}`));
    // The keyword prefilter (src/detect/prefilter.ts): a rule runs only on fragments holding one of
    // its keywords, and a rule whose matches are proven to sit on one line and to contain a keyword
    // runs only on the lines holding its keywords. Same findings, far less regex work.
    this.prefilter = new KeywordPrefilter(
      this.rules.map((r) => {
        const facts = analyzeRegex(r.re.source, r.re.flags, r.keywords);
        r.lineLocal = facts.lineLocal;
        if (!windowsOff) r.literals = literalsBeyondKeywords(facts.literals, r.keywords);
        const bounded = facts.anchored && Number.isFinite(facts.pre) && Number.isFinite(facts.post) && Number.isFinite(facts.margin) && !windowsOff;
        return {
          rule: r,
          keywords: r.keywords,
          windowed: facts.lineLocal && facts.anchored && !windowsOff,
          span: bounded ? { pre: facts.pre!, post: facts.post!, margin: facts.margin! } : undefined,
          runStart: windowsOff ? undefined : facts.runStart,
        };
      }),
    );
  }

  /** True when a global path-only allowlist covers the whole path. */
  pathAllowed(path: string): boolean {
    return this.global.some((a) => a.pathOnly && a.testPath(path));
  }

  /** Findings in `fragment`, including secrets inside base64 text (src/detect/encoded.ts). */
  detect(fragment: Fragment, depth = 0): Finding[] {
    if (this.pathAllowed(fragment.path)) return [];
    // The keyword pass also collects the base64 runs the encoded pass looks at.
    const runs: number[] | undefined = depth < MAX_ENCODED_DEPTH ? [] : undefined;
    const plain = this.detectPlain(fragment, runs);
    return runs ? mergeEncoded(plain, detectEncoded(this, fragment, depth, runs)) : plain;
  }

  private detectPlain(fragment: Fragment, runs?: number[]): Finding[] {
    const { text, path } = fragment;
    const rules = this.prefilter.plan(text, runs);
    if (rules.length === 0) return [];
    const lines = new LineIndex(fragment);
    const found: Array<Finding & { priority: number; start: number; end: number; lineIdx: number }> = [];
    // Per-line work is done once per line, and checks see at most a window of a very long line, so a
    // minified line holding thousands of candidates stays linear (test/hardening/adversarial.test.ts).
    const inlineCache = new Map<number, boolean>();
    // Whether the fragment holds an inline marker at all (looked at once, on the first candidate):
    // most do not, and a line can be a whole minified file.
    let markers: boolean | undefined;
    for (const planned of rules) {
      const { rule } = planned;
      let { windows, slices } = planned;
      if (rule.pathTest && !rule.pathTest(path)) continue;
      if (rule.near && !windows && !planned.starts && rule.lineLocal && !windowsOff) {
        // Its findings count only near a finding of the rules it names, which ran before it (lower
        // priority number): it runs on the lines around those, or not at all.
        const near = this.nearWindows(rule, found, lines);
        if (near) {
          if (near.length === 0) continue;
          windows = near;
          slices = undefined;
        }
      }
      const matches = planned.starts ? matchesAt((rule.sticky ??= new RegExp(rule.re.source, rule.re.flags + 'y')), text, planned.starts) : matchesIn(rule.re, text, windows, slices, rule.literals);
      for (const m of matches) {
        const pick = this.secretSpan(rule, m);
        if (!pick) continue;
        const [start, end] = pick;
        const secret = text.slice(start, end);
        const lineIdx = lines.lineIndexOf(start);
        const lineText = lines.lineText(lineIdx);
        const key = rule.keyGroup ? m.groups?.key : undefined;
        if (rule.minLength !== undefined && secret.length < rule.minLength) continue;
        const entropy = shannonEntropy(secret);
        if (rule.entropy !== undefined && entropy < rule.entropy) continue;
        const ctxLine = lineText.length <= LONG_LINE ? lineText : lineWindow(lineText, lines.column(start) - 1, end - start);
        if (rule.checks.length && !rule.checks.every((c) => c(secret, { key, line: ctxLine, path }))) continue;
        const subject = { secret, match: m[0], line: ctxLine, path, commit: fragment.commit?.sha };
        if (rule.allowlists.some((a) => a.test(subject)) || this.global.some((a) => a.test(subject))) {
          this.stats.allowlist++;
          continue;
        }
        markers ??= mayHoldInlineMarker(text);
        let inline = markers ? inlineCache.get(lineIdx) : false;
        if (inline === undefined) {
          inline = isInlineAllowed(lineText, lineIdx > 0 ? lines.lineText(lineIdx - 1) : undefined);
          inlineCache.set(lineIdx, inline);
        }
        if (inline) {
          this.stats.inline++;
          continue;
        }
        const endIdx = lines.lineIndexOf(Math.max(start, end - 1));
        found.push({
          ruleId: rule.id,
          description: rule.description,
          kind: rule.kind,
          path,
          line: lines.realLine(lineIdx),
          column: lines.column(start),
          endLine: lines.realLine(endIdx),
          endColumn: lines.column(Math.max(start, end - 1)) + 1,
          secret,
          match: m[0],
          lineText,
          entropy,
          commit: fragment.commit,
          ...(fragment.object && fragment.blob ? { object: { blob: fragment.blob, unreachable: fragment.object.unreachable } } : {}),
          fingerprint: '',
          key,
          priority: rule.priority,
          start,
          end,
          lineIdx,
        });
      }
    }
    return this.finish(found, fragment);
  }

  /**
   * Line windows within `rule.near.lines` of a finding of the rules `rule` must be near, or
   * undefined when one of those rules has not run yet (it comes later in priority order).
   */
  private nearWindows(rule: CompiledRule, found: Array<{ ruleId: string; lineIdx: number }>, lines: LineIndex): number[] | undefined {
    const near = rule.near!;
    for (const id of near.rules) {
      const other = this.ruleById.get(id);
      if (other && other.priority > rule.priority) return undefined;
    }
    const idxs = found.filter((f) => near.rules.has(f.ruleId)).map((f) => f.lineIdx);
    idxs.sort((a, b) => a - b);
    const out: number[] = [];
    let lastLine = -1;
    for (const idx of idxs) {
      const from = Math.max(idx - near.lines, lastLine + 1);
      const to = Math.min(idx + near.lines, lines.lineCount() - 1);
      if (from > to) continue;
      const [start] = lines.lineSpan(from);
      const [, end] = lines.lineSpan(to);
      if (out.length && out[out.length - 1] + 1 >= start) out[out.length - 1] = end;
      else out.push(start, end);
      lastLine = to;
    }
    return out;
  }

  /** Start and end offsets of the secret inside match `m`. */
  private secretSpan(rule: CompiledRule, m: RegExpExecArray): [number, number] | undefined {
    const indices = m.indices;
    if (!indices) return [m.index, m.index + m[0].length];
    if (rule.secretGroup !== undefined) {
      const span = indices[rule.secretGroup];
      return span && span[1] > span[0] ? [span[0], span[1]] : undefined;
    }
    // Named groups `secret`, `secret2`, ... (alternatives of one rule): the first that took part.
    if (indices.groups && 'secret' in indices.groups) {
      for (const [name, span] of Object.entries(indices.groups)) {
        if (name.startsWith('secret') && span && span[1] > span[0]) return [span[0], span[1]];
      }
      return undefined;
    }
    for (let g = 1; g < indices.length; g++) {
      const span = indices[g];
      if (!span || span[1] <= span[0]) continue;
      if (indices.groups?.key && indices.groups.key[0] === span[0] && indices.groups.key[1] === span[1]) continue;
      return [span[0], span[1]];
    }
    return [m.index, m.index + m[0].length];
  }

  /** Apply `near` constraints, then keep one finding per overlapping span (the most specific rule wins). */
  private finish(found: Array<Finding & { priority: number; start: number; end: number; lineIdx: number }>, fragment: Fragment): Finding[] {
    const byRule = new Map<string, number[]>();
    for (const f of found) {
      const l = byRule.get(f.ruleId) ?? [];
      l.push(f.lineIdx);
      byRule.set(f.ruleId, l);
    }
    for (const l of byRule.values()) l.sort((a, b) => a - b);
    const kept = found.filter((f) => {
      const near = this.ruleById.get(f.ruleId)?.near;
      if (!near) return true;
      for (const id of near.rules) {
        const idxs = byRule.get(id);
        // Nearest recorded line at or after (lineIdx - lines), by binary search.
        if (idxs && idxs.length) {
          let lo = 0;
          let hi = idxs.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (idxs[mid] < f.lineIdx - near.lines) lo = mid + 1;
            else hi = mid;
          }
          if (lo < idxs.length && idxs[lo] <= f.lineIdx + near.lines) return true;
        }
      }
      return false;
    });
    kept.sort((a, b) => a.priority - b.priority || a.start - b.start);
    // Most specific rule first: a finding is kept unless it overlaps one already kept. Accepted spans
    // never overlap each other, so sorted by start they can be searched; each priority group is
    // checked against them, then merged in (linear per group, not quadratic in findings).
    let accepted: typeof kept = [];
    for (let i = 0; i < kept.length; ) {
      let j = i;
      while (j < kept.length && kept[j].priority === kept[i].priority) j++;
      const group: typeof kept = [];
      let k = 0;
      let lastEnd = -1;
      for (let g = i; g < j; g++) {
        const f = kept[g];
        while (k < accepted.length && accepted[k].end <= f.start) k++;
        if (k < accepted.length && accepted[k].start < f.end) continue;
        if (f.start < lastEnd) continue; // overlaps an earlier finding of the same rule
        group.push(f);
        lastEnd = f.end;
      }
      if (group.length) {
        const merged: typeof kept = [];
        let a = 0;
        let b = 0;
        while (a < accepted.length || b < group.length) {
          if (b >= group.length || (a < accepted.length && accepted[a].start <= group[b].start)) merged.push(accepted[a++]);
          else merged.push(group[b++]);
        }
        accepted = merged;
      }
      i = j;
    }
    const out = this.judged(accepted, fragment);
    return out.map(({ priority: _p, start: _s, end: _e, lineIdx: _l, ...rest }) => rest);
  }

  /**
   * Each finding with the judge's confidence, score and reasons; findings the judge excludes (a
   * leakguard reference) are dropped.
   */
  private judged<F extends Finding & { lineIdx: number }>(found: F[], fragment: Fragment): F[] {
    if (found.length === 0) return found;
    const judge = (this.judge ??= sharedJudge());
    let file: FileVerdict | undefined;
    let textLines: string[] | undefined;
    const keyIds = found.filter((f) => f.kind === 'aws-access-key-id' && f.ruleId !== IAM_UNIQUE_ID_RULE).map((f) => f.lineIdx);
    const out: F[] = [];
    for (const f of found) {
      const fixed = this.ruleById.get(f.ruleId)?.fixedConfidence;
      if (fixed) {
        f.confidence = fixed;
        f.reasons = [`a rule of your configuration (${fixed})`];
        out.push(f);
        continue;
      }
      file ??= judge.file(fragment.path, fragment.text);
      const paired = f.kind === 'aws-secret-access-key' && keyIds.some((i) => Math.abs(i - f.lineIdx) <= judge.pairLines);
      const line = f.lineText.length <= LONG_LINE ? f.lineText : lineWindow(f.lineText, f.column - 1, f.secret.length);
      const nearby = !fragment.decoded && (f.kind === 'password' || f.kind === 'connection-string' || f.kind === 'generic-secret') ? nearbyLines((textLines ??= fragment.text.length <= NEARBY_MAX ? fragment.text.split('\n') : []), f.lineIdx) : undefined;
      const v = judge.judge({ ruleId: f.ruleId, kind: f.kind, path: f.path, secret: f.secret, key: f.key, line, lineIdx: f.lineIdx, nearby }, file, paired);
      if (v.excluded) continue;
      f.confidence = v.confidence;
      f.score = v.score;
      f.reasons = v.reasons;
      out.push(f);
    }
    return out;
  }
}
