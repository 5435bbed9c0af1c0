// Refuses user rule regexes that can backtrack catastrophically (exponential time on a short
// line), before they ever run: JavaScript's regex engine backtracks and cannot be interrupted.
//
// The shape refused: an unbounded repetition (*, +, {n,}) of a group whose body can itself match
// one stretch of text in more than one way: it holds another unbounded repetition, or an
// alternation whose branches can start with the same character; unless the body has a mandatory
// separator, a single character that none of the inner repetitions can match (as in
// `(?:[a-z0-9]+[._-])+`), which pins every iteration down to one split; or a bounded run of such
// characters (`(?:[\r\n]{1,2}.*){1,5}`, gitleaks' curl rules) that cannot be shared out among
// iterations in many ways (see pins()).
// Examples refused: (a+)+  (\w+\s?)*  (a|ab)*  ((ab)*c?)+  (?:\n{1,2}a*)+ ; allowed: (?:[a-z]+\.)+
// [\w.-]{0,64}  (?:ab|cd)+  (?:[\r\n]{1,2}.*){1,5}  (?:\n{1,2}a+)+
//
// Built-in rules are checked by the benchmark (linear time on adversarial input); this guard is
// for rules users write. A function over the syntax tree of parse.ts (JavaScript, no u flag).
import type { Node, NodeOf } from './ast.js';
import { atomSet } from './atoms.js';
import { type Ranges, ANY, normalize } from './char-ranges.js';
import { parseRegex } from './parse.js';

function intersects(a: Ranges, b: Ranges): boolean {
  for (const [alo, ahi] of a) for (const [blo, bhi] of b) if (alo <= bhi && blo <= ahi) return true;
  return false;
}

/** One guard run: the regex's flags, and the character sets of its one-character nodes (computed once). */
class Guard {
  private readonly sets = new Map<Node, Ranges | undefined>();
  constructor(
    private readonly ignoreCase: boolean,
    private readonly dotAll: boolean,
  ) {}

  /** The characters `n` matches when it is one character; undefined for any other node. */
  chars(n: Node): Ranges | undefined {
    if (!this.sets.has(n)) this.sets.set(n, atomSet(n, this.ignoreCase, this.dotAll));
    return this.sets.get(n);
  }

  canBeEmpty(n: Node): boolean {
    if (this.chars(n)) return false;
    switch (n.t) {
      case 'seq':
        return n.items.every((it) => this.canBeEmpty(it));
      case 'alt':
        return n.items.some((it) => this.canBeEmpty(it));
      case 'group':
        return this.canBeEmpty(n.body);
      case 'rep':
        return n.min === 0 || this.canBeEmpty(n.body);
      default:
        return true;
    }
  }

  /** Characters a match of `n` can start with. */
  first(n: Node): Ranges {
    const set = this.chars(n);
    if (set) return set;
    switch (n.t) {
      case 'seq': {
        const out: Ranges = [];
        for (const it of n.items) {
          out.push(...this.first(it));
          if (!this.canBeEmpty(it)) break;
        }
        return normalize(out);
      }
      case 'alt':
        return normalize(n.items.flatMap((it) => this.first(it)));
      case 'group':
      case 'rep':
        return this.first(n.body);
      case 'backref':
        return ANY;
      default:
        return [];
    }
  }

  /** Character sets of unbounded repetitions inside `n` (ANY for ones we cannot pin down). */
  innerRepeats(n: Node, out: Ranges[]): void {
    switch (n.t) {
      case 'rep':
        if (n.max === Infinity || n.max > 16) out.push(this.charsOf(n.body));
        this.innerRepeats(n.body, out);
        return;
      case 'seq':
      case 'alt':
        for (const it of n.items) this.innerRepeats(it, out);
        return;
      case 'group':
        this.innerRepeats(n.body, out);
        return;
      default:
        return;
    }
  }

  /** Every character `n` can consume. */
  charsOf(n: Node): Ranges {
    const set = this.chars(n);
    if (set) return set;
    switch (n.t) {
      case 'seq':
      case 'alt':
        return normalize(n.items.flatMap((it) => this.charsOf(it)));
      case 'group':
      case 'rep':
        return this.charsOf(n.body);
      case 'backref':
        return ANY;
      default:
        return [];
    }
  }

  hasAmbiguousAlt(n: Node): boolean {
    switch (n.t) {
      case 'alt': {
        const firsts = n.items.map((it) => this.first(it));
        for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) if (intersects(firsts[a], firsts[b])) return true;
        if (n.items.filter((it) => this.canBeEmpty(it)).length > 1) return true;
        return n.items.some((it) => this.hasAmbiguousAlt(it));
      }
      case 'seq':
        return n.items.some((it) => this.hasAmbiguousAlt(it));
      case 'group':
      case 'rep':
        return this.hasAmbiguousAlt(n.body);
      default:
        return false;
    }
  }

  /** The body's top-level items that always consume characters of one known set: one, or a bounded run of them. */
  separators(body: Node): Separator[] {
    const b = unwrap(body);
    const items = b.t === 'seq' ? b.items : [b];
    const out: Separator[] = [];
    items.forEach((it, k) => {
      const x = unwrap(it);
      const rest = items.filter((_, j) => j !== k);
      const set = this.chars(x);
      if (set) out.push({ set, min: 1, max: 1, rest });
      else if (x.t === 'rep' && x.min >= 1 && (x.max === x.min || x.max <= 16)) {
        const c = this.chars(unwrap(x.body));
        if (c) out.push({ set: c, min: x.min, max: x.max, rest });
      }
    });
    return out;
  }

  /**
   * Whether `sep` pins every iteration of `rep` down to one split (or a few): none of the inner
   * unbounded repetitions can match its characters, and when its length varies ([\r\n]{1,2}), a
   * run of its characters cannot be shared out among iterations in many ways: either the body's
   * other items never match its characters and one of them always consumes something (so runs of
   * separator characters from different iterations never touch), or the repetition is bounded and
   * the ways to share out a run stay few ((max - min + 1) ^ iterations <= 1024).
   */
  pins(sep: Separator, inner: Ranges[], rep: NodeOf<'rep'>): boolean {
    if (!inner.every((r) => !intersects(r, sep.set))) return false;
    if (sep.max === sep.min) return true;
    if (!sep.rest.every((it) => !intersects(this.charsOf(it), sep.set))) return false;
    if (sep.rest.some((it) => !this.canBeEmpty(it))) return true;
    return rep.max !== Infinity && (sep.max - sep.min + 1) ** rep.max <= 1024;
  }

  check(n: Node): string | undefined {
    switch (n.t) {
      case 'rep': {
        // Many iterations (exponential in their number when each can split differently), or a few
        // iterations of a body with an unbounded repetition (polynomial of that degree: (.*a){12}).
        const many = n.max === Infinity || n.max > 16;
        if (many || n.max >= 3) {
          const inner: Ranges[] = [];
          this.innerRepeats(n.body, inner);
          const ambiguous = inner.length > 0 || (many && (this.hasAmbiguousAlt(n.body) || this.canBeEmpty(n.body)));
          if (ambiguous) {
            const pinned = !this.hasAmbiguousAlt(n.body) && this.separators(n.body).some((sep) => this.pins(sep, inner, n));
            if (!pinned) return inner.length ? 'a repeated group holds another unbounded repetition' : this.canBeEmpty(n.body) ? 'a repeated group can match the empty string' : 'a repeated group holds alternatives that can start alike';
          }
        }
        return this.check(n.body);
      }
      case 'seq':
      case 'alt':
        for (const it of n.items) {
          const w = this.check(it);
          if (w) return w;
        }
        return undefined;
      case 'group':
      case 'look':
        return this.check(n.body);
      default:
        return undefined;
    }
  }
}

/** A top-level item of a repeated body that consumes `min`..`max` characters of `set` (min >= 1). */
interface Separator {
  set: Ranges;
  min: number;
  max: number;
  /** The body's other top-level items. */
  rest: Node[];
}

function unwrap(n: Node): Node {
  let x = n;
  while (x.t === 'group' || (x.t === 'seq' && x.items.length === 1)) x = x.t === 'group' ? x.body : x.items[0];
  return x;
}

/**
 * Why `source` (compiled with `flags`) may take exponential time, or undefined when it is safe by
 * this check. Syntax the check cannot read is left to the regex compiler (undefined).
 */
export function backtrackingRisk(source: string, flags: string): string | undefined {
  let tree: Node;
  try {
    tree = parseRegex(source);
  } catch {
    return undefined;
  }
  return new Guard(flags.includes('i'), flags.includes('s')).check(tree);
}
