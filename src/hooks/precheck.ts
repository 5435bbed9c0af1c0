// The pre-commit hook's pre-check (src/hooks/script.ts): before starting Node, the hook greps the
// staged diff (the very `git diff --cached` output `scan --staged` parses) for anything that could
// make the detector run a rule or decode a value. When nothing matches, `scan --staged` cannot find
// anything and the hook passes without starting Node; anything else runs the full scan.
//
// The patterns are data, generated at build time from the compiled built-in rules into
// dist/precheck.ere (next to the bin's dist/, so an upgrade of the package replaces it with the
// hook unchanged). One POSIX extended regex per line, matched with `LC_ALL=C grep -E` (bytes,
// no case folding of its own):
//
//  - every rule keyword (its first TRIE_DEPTH characters), ASCII-case-insensitively ([kK][eE][yY]): the detector's keyword automaton
//    (src/detect/prefilter/) folds ASCII letters only, and a keyword in the decoded added lines is
//    the same ASCII bytes in the diff (UTF-8 never uses ASCII bytes inside a multi-byte sequence);
//  - for a rule without keywords that only runs on some paths, literals one of which every such path
//    contains (proved with the same regex analysis the prefilter uses), which the diff shows in its headers;
//  - every base64 candidate the encoded pass (src/detect/encoded.ts) would decode: a maximal run of
//    the base64 alphabet, standing alone, of canonical length (with its padding), whose every group
//    of four starts with A-Z or a-f.
//
// A rule that cannot be summarised (no keywords and no provable path literal, a non-ASCII
// keyword) makes the build write no file: the hook then always runs the full scan.
import type { RuleSpec } from '../types.js';
import { compileRegex } from '../config/regex.js';
import { analyzeRegex } from '../regex/facts.js';
import { TRIE_DEPTH } from '../detect/prefilter/automaton.js';

/** First line of dist/precheck.ere: the format the hook understands (a pattern that matches no diff line). */
export const PRECHECK_HEADER = '^leakguard precheck 1$';
export const PRECHECK_FILE = 'precheck.ere';

/** B64 candidate (see the header): the character before it (or the line start after the diff's '+'), the groups, the padding, what follows. */
const B64 = 'A-Za-z0-9+/';
const GROUP_START = 'A-Za-f';
export const BASE64_PATTERN =
  `(^[+]?|[^${B64}=_\\-])` +
  `([${GROUP_START}][${B64}]{3}){2,}` +
  `([${GROUP_START}][${B64}]{3}|[${GROUP_START}][${B64}]{2}=|[${GROUP_START}][${B64}]==)` +
  `([^${B64}=_-]|$)`;

/** A keyword as a POSIX ERE matching it ASCII-case-insensitively, or undefined when it is not printable ASCII. */
export function keywordPattern(keyword: string): string | undefined {
  if (!/^[\x20-\x7e]+$/.test(keyword)) return undefined;
  let out = '';
  for (const ch of keyword) {
    if (/[a-z]/i.test(ch)) out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else if (/[0-9]/.test(ch)) out += ch;
    else if (ch === '\\') out += '[\\]';
    else if (ch === '^') out += '\\^';
    else if (ch === '[') out += '\\[';
    else if (ch === ']') out += '[]]';
    else out += `[${ch}]`;
  }
  return out;
}

/**
 * Literals (lower case) one of which every path `pathRegex` matches contains, proved by the regex
 * analysis: the longest single one when one suffices, else as few of the regex's literals as prove
 * it (a path regex of alternatives: password|token|secrets/...); undefined when none do.
 */
export function pathLiterals(pathRegex: string, where: string): string[] | undefined {
  const re = compileRegex(pathRegex, where);
  const flags = re.flags.replace(/[gdy]/g, '');
  const candidates = new Set<string>();
  for (const m of re.source.matchAll(/[A-Za-z0-9]{3,}/g)) {
    const escaped = m.index > 0 && re.source[m.index - 1] === '\\';
    const lit = (escaped ? m[0].slice(1) : m[0]).toLowerCase();
    if (lit.length >= 3) candidates.add(lit);
  }
  const proves = (lits: string[]) => lits.length > 0 && analyzeRegex(re.source, flags, lits).anchored;
  const single = [...candidates].filter((lit) => proves([lit])).sort((a, b) => b.length - a.length);
  if (single.length) return [single[0]!];
  let set = [...candidates];
  if (!proves(set)) return undefined;
  // Drop what is not needed, shortest (most common in paths) first.
  for (const lit of [...candidates].sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    const rest = set.filter((x) => x !== lit);
    if (proves(rest)) set = rest;
  }
  return set.sort();
}

/**
 * The lines of dist/precheck.ere for these rules (header first), or undefined when some rule
 * cannot be summarised (then no file is written and the hook always scans).
 */
export function precheckPatterns(rules: RuleSpec[], disabled: string[] = []): string[] | undefined {
  const off = new Set(disabled);
  const words = new Set<string>();
  for (const r of rules) {
    if (off.has(r.id)) continue;
    const kws = (r.keywords ?? []).map((k) => k.toLowerCase()).filter(Boolean);
    if (kws.length === 0) {
      if (!r.path || (r.pathGlobs && r.pathGlobs.length)) return undefined;
      const lits = pathLiterals(r.path, `rule '${r.id}' path`);
      if (lits === undefined) return undefined;
      for (const lit of lits) words.add(lit);
      continue;
    }
    // The automaton looks for some keywords by their first TRIE_DEPTH characters: grep for those
    // prefixes (every occurrence of a keyword is one of its prefix).
    for (const k of kws) words.add(k.slice(0, TRIE_DEPTH));
  }
  const lines = [PRECHECK_HEADER, BASE64_PATTERN];
  for (const w of [...words].sort()) {
    const p = keywordPattern(w);
    if (p === undefined) return undefined;
    lines.push(p);
  }
  return lines;
}
