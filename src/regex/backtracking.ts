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
// for rules users write. Regex syntax as src/config/regex.ts compiles it (JavaScript, no u flag).
import { type Ranges, ANY, normalize, complement, foldCase } from './char-ranges.js';
import { readClass, readEscape, readQuantifier } from './lex.js';

function intersects(a: Ranges, b: Ranges): boolean {
  for (const [alo, ahi] of a) for (const [blo, bhi] of b) if (alo <= bhi && blo <= ahi) return true;
  return false;
}

/** The syntax tree this guard reads a regex into (also the hang-guard tests' input generator's). */
export type RegexNode = Node;

type Node =
  | { t: 'chars'; set: Ranges }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'group'; body: Node }
  | { t: 'look'; body: Node }
  | { t: 'rep'; body: Node; min: number; max: number }
  | { t: 'empty' }
  | { t: 'backref' };

class P {
  i = 0;
  constructor(
    private readonly s: string,
    private readonly ic: boolean,
    private readonly dotAll: boolean,
  ) {}

  parse(): Node {
    const n = this.alt();
    if (this.i !== this.s.length) throw new Error('unbalanced');
    return n;
  }

  private alt(): Node {
    const items = [this.seq()];
    while (this.s[this.i] === '|') {
      this.i++;
      items.push(this.seq());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      let atom = this.atom();
      const q = this.quant();
      if (q) atom = { t: 'rep', body: atom, min: q[0], max: q[1] };
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  private quant(): [number, number] | undefined {
    const q = readQuantifier(this.s, this.i);
    if (!q) return undefined;
    this.i = q.end;
    return [q.min, q.max];
  }

  private chars(r: Ranges): Node {
    return { t: 'chars', set: this.ic ? foldCase(normalize(r)) : normalize(r) };
  }

  private atom(): Node {
    const s = this.s;
    const c = s[this.i];
    if (c === '^' || c === '$') {
      this.i++;
      return { t: 'empty' };
    }
    if (s.startsWith('\\b', this.i) || s.startsWith('\\B', this.i)) {
      this.i += 2;
      return { t: 'empty' };
    }
    if (c === '(') {
      let look = false;
      if (s.startsWith('(?=', this.i) || s.startsWith('(?!', this.i)) {
        this.i += 3;
        look = true;
      } else if (s.startsWith('(?<=', this.i) || s.startsWith('(?<!', this.i)) {
        this.i += 4;
        look = true;
      } else if (s.startsWith('(?:', this.i)) this.i += 3;
      else if (s.startsWith('(?<', this.i)) {
        const end = s.indexOf('>', this.i);
        if (end === -1) throw new Error('bad group');
        this.i = end + 1;
      } else if (s.startsWith('(?', this.i)) throw new Error('unknown group');
      else this.i++;
      const body = this.alt();
      if (s[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      return look ? { t: 'look', body } : { t: 'group', body };
    }
    if (c === '.') {
      this.i++;
      return this.chars(this.dotAll ? ANY : complement([[10, 10], [13, 13], [8232, 8233]]));
    }
    if (c === '[') return this.cls();
    if (c === '\\') {
      const e = readEscape(s, this.i, false);
      this.i = e.end;
      // What the lexer does not model may be any character, to stay on the safe side.
      return 'backref' in e ? { t: 'backref' } : this.chars('ranges' in e ? e.ranges : ANY);
    }
    this.i++;
    return this.chars([[c.charCodeAt(0), c.charCodeAt(0)]]);
  }

  private cls(): Node {
    const c = readClass(this.s, this.i, ANY);
    this.i = c.end;
    const set = this.ic ? foldCase(c.set) : c.set;
    return { t: 'chars', set: c.negated ? complement(set) : set };
  }
}

function canBeEmpty(n: Node): boolean {
  switch (n.t) {
    case 'chars':
      return false;
    case 'seq':
      return n.items.every(canBeEmpty);
    case 'alt':
      return n.items.some(canBeEmpty);
    case 'group':
      return canBeEmpty(n.body);
    case 'rep':
      return n.min === 0 || canBeEmpty(n.body);
    default:
      return true;
  }
}

/** Characters a match of `n` can start with. */
function first(n: Node): Ranges {
  switch (n.t) {
    case 'chars':
      return n.set;
    case 'seq': {
      const out: Ranges = [];
      for (const it of n.items) {
        out.push(...first(it));
        if (!canBeEmpty(it)) break;
      }
      return normalize(out);
    }
    case 'alt':
      return normalize(n.items.flatMap(first));
    case 'group':
    case 'rep':
      return first(n.body);
    case 'backref':
      return ANY;
    default:
      return [];
  }
}

/** Character sets of unbounded repetitions inside `n` (ANY for ones we cannot pin down). */
function innerRepeats(n: Node, out: Ranges[]): void {
  switch (n.t) {
    case 'rep':
      if (n.max === Infinity || n.max > 16) out.push(charsOf(n.body));
      innerRepeats(n.body, out);
      return;
    case 'seq':
    case 'alt':
      for (const it of n.items) innerRepeats(it, out);
      return;
    case 'group':
      innerRepeats(n.body, out);
      return;
    default:
      return;
  }
}

/** Every character `n` can consume. */
function charsOf(n: Node): Ranges {
  switch (n.t) {
    case 'chars':
      return n.set;
    case 'seq':
    case 'alt':
      return normalize(n.items.flatMap(charsOf));
    case 'group':
    case 'rep':
      return charsOf(n.body);
    case 'backref':
      return ANY;
    default:
      return [];
  }
}

function hasAmbiguousAlt(n: Node): boolean {
  switch (n.t) {
    case 'alt': {
      const firsts = n.items.map(first);
      for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) if (intersects(firsts[a], firsts[b])) return true;
      if (n.items.filter(canBeEmpty).length > 1) return true;
      return n.items.some(hasAmbiguousAlt);
    }
    case 'seq':
      return n.items.some(hasAmbiguousAlt);
    case 'group':
    case 'rep':
      return hasAmbiguousAlt(n.body);
    default:
      return false;
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

/** The body's top-level items that always consume characters of one known set: one, or a bounded run of them. */
function separators(body: Node): Separator[] {
  const b = unwrap(body);
  const items = b.t === 'seq' ? b.items : [b];
  const out: Separator[] = [];
  items.forEach((it, k) => {
    const x = unwrap(it);
    const rest = items.filter((_, j) => j !== k);
    if (x.t === 'chars') out.push({ set: x.set, min: 1, max: 1, rest });
    else if (x.t === 'rep' && x.min >= 1 && (x.max === x.min || x.max <= 16)) {
      const c = unwrap(x.body);
      if (c.t === 'chars') out.push({ set: c.set, min: x.min, max: x.max, rest });
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
function pins(sep: Separator, inner: Ranges[], rep: Node & { t: 'rep' }): boolean {
  if (!inner.every((r) => !intersects(r, sep.set))) return false;
  if (sep.max === sep.min) return true;
  if (!sep.rest.every((it) => !intersects(charsOf(it), sep.set))) return false;
  if (sep.rest.some((it) => !canBeEmpty(it))) return true;
  return rep.max !== Infinity && (sep.max - sep.min + 1) ** rep.max <= 1024;
}

function check(n: Node): string | undefined {
  switch (n.t) {
    case 'rep': {
      // Many iterations (exponential in their number when each can split differently), or a few
      // iterations of a body with an unbounded repetition (polynomial of that degree: (.*a){12}).
      const many = n.max === Infinity || n.max > 16;
      if (many || n.max >= 3) {
        const inner: Ranges[] = [];
        innerRepeats(n.body, inner);
        const ambiguous = inner.length > 0 || (many && (hasAmbiguousAlt(n.body) || canBeEmpty(n.body)));
        if (ambiguous) {
          const pinned = !hasAmbiguousAlt(n.body) && separators(n.body).some((sep) => pins(sep, inner, n));
          if (!pinned) return inner.length ? 'a repeated group holds another unbounded repetition' : canBeEmpty(n.body) ? 'a repeated group can match the empty string' : 'a repeated group holds alternatives that can start alike';
        }
      }
      return check(n.body);
    }
    case 'seq':
    case 'alt':
      for (const it of n.items) {
        const w = check(it);
        if (w) return w;
      }
      return undefined;
    case 'group':
    case 'look':
      return check(n.body);
    default:
      return undefined;
  }
}

/**
 * Why `source` (compiled with `flags`) may take exponential time, or undefined when it is safe by
 * this check. Syntax the check cannot read is left to the regex compiler (undefined).
 */
export function backtrackingRisk(source: string, flags: string): string | undefined {
  const tree = parseRegexTree(source, flags);
  return tree ? check(tree) : undefined;
}

/** `source` (compiled with `flags`) as this guard reads it, or undefined for syntax it cannot read. */
export function parseRegexTree(source: string, flags: string): Node | undefined {
  try {
    return new P(source, flags.includes('i'), flags.includes('s')).parse();
  } catch {
    return undefined;
  }
}
