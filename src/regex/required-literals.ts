// Literals a regex cannot match without: a set of strings of which every match contains at least
// one, exactly as written (case-sensitive). The detector looks for them with indexOf (native, far
// cheaper than the regex) in the text a rule is about to run on, and skips the regex where none
// occurs: `(?:===?|!==?)` in a comparison rule, `://` in a URL rule. Same matches, less regex work.
//
// Composed bottom-up over the syntax tree (ast.ts): a node's `exact` is the small finite set of
// strings it matches, when known; its `req` the best required set found inside it. Lookarounds,
// backreferences and quantifiers that may match nothing require nothing. With the i flag a letter
// matches both cases, so literals holding letters are not used (the set would double per letter).
import type { Node } from './ast.js';
import { parseRegex } from './parse.js';

/** Beyond this many strings a set is not worth carrying (or checking). */
const LIMIT = 8;

interface Lits {
  /** Every string the node can match, when few. */
  exact?: string[];
  /** A set of strings one of which every match of the node contains. */
  req?: string[];
}

/** How good a required set is: its shortest string's length, less a little per extra string. */
function score(set: string[] | undefined): number {
  if (!set || set.length === 0) return 0;
  const shortest = Math.min(...set.map((s) => s.length));
  return shortest === 0 ? 0 : shortest - (set.length - 1) * 0.25;
}

function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  return score(b) > score(a) ? b : a;
}

function product(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > LIMIT) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

function charLits(codes: number[], ignoreCase: boolean): Lits {
  if (codes.length === 0 || codes.length > LIMIT) return {};
  const out: string[] = [];
  for (const c of codes) {
    const s = String.fromCharCode(c);
    if (ignoreCase && s.toLowerCase() !== s.toUpperCase()) return {};
    out.push(s);
  }
  return { exact: out, req: out };
}

function walk(n: Node, ignoreCase: boolean): Lits {
  switch (n.t) {
    case 'char':
      return n.code > 0xffff ? {} : charLits([n.code], ignoreCase);
    case 'class': {
      if (n.negated) return {};
      const codes: number[] = [];
      for (const it of n.items) {
        if (!('lo' in it) || it.hi - it.lo + 1 > LIMIT) return {};
        for (let c = it.lo; c <= it.hi; c++) codes.push(c);
      }
      return charLits([...new Set(codes)], ignoreCase);
    }
    case 'assert':
    case 'look':
      // Zero width: matches the empty string, requires nothing.
      return { exact: [''] };
    case 'group':
      return walk(n.body, ignoreCase);
    case 'rep': {
      if (n.min === 0) return {};
      const b = walk(n.body, ignoreCase);
      if (n.min === 1 && n.max === 1) return b;
      // At least one copy: the body's requirement holds; its exact strings repeated min times start
      // every match (kept only when the count is fixed).
      let exact: string[] | undefined;
      if (b.exact && n.min === n.max && n.min <= 4) {
        exact = [''];
        for (let i = 0; i < n.min && exact; i++) exact = product(exact, b.exact);
      }
      return { exact, req: better(b.req, exact) };
    }
    case 'seq': {
      // Any streak of consecutive items with exact strings is in every match: its strings (their
      // product) are a required set, as is any item's own.
      let req: string[] | undefined;
      let run: string[] = [''];
      let exact: string[] | undefined = [''];
      for (const it of n.items) {
        const l = walk(it, ignoreCase);
        req = better(req, l.req);
        exact = exact && l.exact ? product(exact, l.exact) : undefined;
        if (!l.exact) run = [''];
        else run = product(run, l.exact) ?? l.exact;
        req = better(req, run);
      }
      return { exact, req };
    }
    case 'alt': {
      const parts = n.items.map((it) => walk(it, ignoreCase));
      let exact: string[] | undefined = [];
      let req: string[] | undefined = [];
      for (const p of parts) {
        exact = exact && p.exact ? [...new Set([...exact, ...p.exact])] : undefined;
        if (exact && exact.length > LIMIT) exact = undefined;
        const r = better(p.req, p.exact);
        req = req && r && score(r) > 0 ? [...new Set([...req, ...r])] : undefined;
        if (req && req.length > LIMIT) req = undefined;
      }
      return { exact, req: better(req, exact) };
    }
    default:
      // dot, escapes, backreferences, unknown escapes: too many strings to list.
      return {};
  }
}

/**
 * Strings (at least two characters each) one of which every match of `source` (compiled with
 * `flags`) contains, case-sensitively; undefined when the analysis finds none worth checking.
 */
export function requiredLiterals(source: string, flags: string): string[] | undefined {
  try {
    const l = walk(parseRegex(source), flags.includes('i'));
    const best = better(l.req, l.exact);
    if (!best || best.length === 0 || best.some((s) => s.length < 2)) return undefined;
    return [...best].sort();
  } catch {
    return undefined;
  }
}
