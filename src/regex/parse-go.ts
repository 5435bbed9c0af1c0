// The Go (RE2) front end of the syntax tree (ast.ts): reads a gitleaks regex into the tree of the
// JavaScript regex that means the same (print.ts prints it; go-translate.ts drives both). The
// dialect's differences are settled here, while reading:
//   (?i) (?s) (?m) anywhere, (?flags:...), (?-flags): tracked per group. Where case-insensitivity
//        is not the whole pattern's (the JavaScript i flag, `baseI`), letters become classes of
//        both cases ([aA]); `.` under (?s) becomes [\s\S] (outside it JavaScript's `.`, which also
//        stops at \r); ^ and $ under (?m) become line-boundary lookarounds.
//   \A \z -> (?<![\s\S]) (?![\s\S]);  (?P<name>...) -> a named group;  POSIX classes -> ranges;
//   \Q...\E -> literal characters;  \x{HHHH}, octal \123, \a -> the characters;  []a] -> ']' literal.
// What has no JavaScript counterpart throws GoRegexError naming it, at the point the text is read:
// \p{...} / \pL, \C, (?U), negated POSIX classes inside a larger class, code points above U+FFFF.
// JavaScript-only syntax (lookarounds, (?<name>)) passes through. Like a text rewrite, it takes a
// quantifier after whatever precedes it (even nothing) and leaves the judging to RegExp.
import type { ClassItem, Node } from './ast.js';
import { type Ranges } from './char-ranges.js';
import { classEscapeSet, readQuantifier } from './lex.js';
import { alternation, repOf } from './parse.js';

export class GoRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoRegexError';
  }
}

/** Thrown when the pattern turns case-insensitivity off somewhere it matters: the JavaScript i flag cannot stand for the leading (?i). */
export class RetryWithoutBaseI extends Error {}

export interface GoFlags {
  i: boolean;
  s: boolean;
  m: boolean;
}

const POSIX: Record<string, Ranges> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** Any character, as the translation writes it: [\s\S]. */
const ANY_CLASS: Node = { t: 'class', negated: false, items: [escapeItem('s'), escapeItem('S')] };
/** Not a '\n': what ^ and $ under (?m) look at. */
const NOT_NEWLINE: Node = { t: 'class', negated: true, items: [{ lo: 10, hi: 10 }] };

function escapeItem(name: string): ClassItem {
  return { escape: name, set: classEscapeSet(name) };
}

function aboveBmp(cp: number): GoRegexError {
  return new GoRegexError(`code point U+${cp.toString(16).toUpperCase()} above U+FFFF`);
}

/** The other case of a character, when it has exactly one (as one UTF-16 unit). */
function otherCase(cp: number): number | undefined {
  const ch = String.fromCharCode(cp);
  const up = ch.toUpperCase();
  const lo = ch.toLowerCase();
  if (up !== ch && up.length === 1) return up.charCodeAt(0);
  if (lo !== ch && lo.length === 1) return lo.charCodeAt(0);
  return undefined;
}

export function parseFlags(spec: string, cur: GoFlags, where: number): GoFlags {
  const next = { ...cur };
  let on = true;
  for (const c of spec) {
    if (c === '-') {
      on = false;
      continue;
    }
    if (c === 'i' || c === 's' || c === 'm') next[c] = on;
    else if (c === 'U') throw new GoRegexError(`the ungreedy flag (?U) at offset ${where} has no JavaScript equivalent`);
    else throw new GoRegexError(`unknown flag '${c}' at offset ${where}`);
  }
  return next;
}

/**
 * The tree of Go regex `src` read from `start` with `flags` in force. With `baseI` the result is
 * meant for the JavaScript i flag; it throws RetryWithoutBaseI where that cannot work.
 */
export function parseGoRegex(src: string, start: number, flags: GoFlags, baseI: boolean): Node {
  const p = new GoParser(src, start, flags, baseI);
  const tree = p.disjunction();
  if (p.pos < src.length) throw new GoRegexError(`unmatched ')' at offset ${p.pos}`);
  return tree;
}

class GoParser {
  constructor(
    private readonly src: string,
    public pos: number,
    private cur: GoFlags,
    private readonly baseI: boolean,
  ) {}

  private peek(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }

  /** Case-insensitive scope that the JavaScript flags do not already cover. */
  private get expand(): boolean {
    if (this.baseI && !this.cur.i) throw new RetryWithoutBaseI();
    return this.cur.i && !this.baseI;
  }

  disjunction(): Node {
    const branches = [this.branch()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.branch());
    }
    return alternation(branches);
  }

  private branch(): Node {
    const items: Node[] = [];
    const src = this.src;
    while (this.pos < src.length && src[this.pos] !== '|' && src[this.pos] !== ')') {
      const at = this.pos;
      const q = readQuantifier(src, at);
      if (q) {
        this.pos = q.end;
        items.push(repOf(items.pop() ?? { t: 'seq', items: [] }, src, at, q));
      } else this.atom(items);
    }
    return { t: 'seq', items };
  }

  private literal(cp: number): Node {
    const oc = this.expand ? otherCase(cp) : undefined;
    if (cp > 0xffff) throw aboveBmp(cp);
    return oc === undefined ? { t: 'char', code: cp } : { t: 'class', negated: false, items: [{ lo: cp, hi: cp }, { lo: oc, hi: oc }] };
  }

  /** Reads what starts at this.pos into `items` (nothing for a flag directive or an empty \Q\E). */
  private atom(items: Node[]): void {
    const src = this.src;
    const c = src[this.pos++];
    switch (c) {
      case '\\': {
        if (this.peek() === 'Q') {
          this.pos++;
          const end = src.indexOf('\\E', this.pos);
          const lit = end === -1 ? src.slice(this.pos) : src.slice(this.pos, end);
          this.pos = end === -1 ? src.length : end + 2;
          for (const ch of lit) items.push(this.literal(ch.codePointAt(0)!));
          return;
        }
        const e = this.escape(false);
        items.push(typeof e === 'number' ? this.literal(e) : e);
        return;
      }
      case '[':
        items.push(this.charClass());
        return;
      case '(':
        this.group(items);
        return;
      case '.':
        // Go's dot also matches \r; JavaScript's stops at line ends (\r, \n, U+2028/9). Keeping
        // JavaScript's dot keeps a value from swallowing a CR and keeps `.*?[\r\n]` unambiguous.
        items.push(this.cur.s ? ANY_CLASS : { t: 'dot' });
        return;
      case '^':
        items.push(this.cur.m ? { t: 'look', behind: true, negative: true, body: NOT_NEWLINE } : { t: 'assert', kind: '^' });
        return;
      case '$':
        items.push(this.cur.m ? { t: 'look', behind: false, negative: true, body: NOT_NEWLINE } : { t: 'assert', kind: '$' });
        return;
      case '{':
        // Not a quantifier (branch() tried): a literal brace.
        items.push({ t: 'char', code: 0x7b });
        return;
      default: {
        const cp = src.codePointAt(this.pos - 1)!;
        if (cp > 0xffff) {
          // A literal astral character: its surrogate pair as two code units (matches the same text).
          this.pos++;
          items.push({ t: 'char', code: cp });
          return;
        }
        items.push(this.literal(cp));
      }
    }
  }

  /** A group at this.pos - 1 (the '('); a flag directive like (?i) pushes nothing. */
  private group(items: Node[]): void {
    const saved = this.cur;
    let node: (body: Node) => Node;
    if (this.peek() !== '?') node = (body) => ({ t: 'group', capture: true, body });
    else {
      const rest = this.src.slice(this.pos + 1);
      let m: RegExpExecArray | null;
      if ((m = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
        const name = m[1];
        node = (body) => ({ t: 'group', capture: true, name, body });
      } else if ((m = /^(?:<=|<!|=|!|:)/.exec(rest))) {
        // Non-capturing group, or a JavaScript lookaround (Go has none; passed through).
        const kind = m[0];
        node = kind === ':' ? (body) => ({ t: 'group', capture: false, body }) : (body) => ({ t: 'look', behind: kind[0] === '<', negative: kind.endsWith('!'), body });
      } else if ((m = /^([A-Za-z-]*)([:)])/.exec(rest))) {
        const flags = parseFlags(m[1], this.cur, this.pos - 1);
        this.pos += 1 + m[0].length;
        this.cur = flags;
        // (?i) holds to the end of the enclosing group; (?i:...) is a group of its own.
        if (m[2] === ')') return;
        items.push(this.close(saved, (body) => ({ t: 'group', capture: false, body })));
        return;
      } else throw new GoRegexError(`unsupported group syntax at offset ${this.pos - 1}`);
      this.pos += 1 + m[0].length;
    }
    items.push(this.close(saved, node));
  }

  /** The group's body up to its ')', then the flags outside it again. */
  private close(saved: GoFlags, node: (body: Node) => Node): Node {
    const body = this.disjunction();
    if (this.pos >= this.src.length) throw new GoRegexError("missing ')'");
    this.pos++;
    this.cur = saved;
    return node(body);
  }

  /** An escape after the backslash at this.pos - 1: a code point, or a node (a class member in a class). */
  private escape(inClass: boolean): number | Node {
    const c = this.src[this.pos++];
    if (c === undefined) throw new GoRegexError('trailing backslash');
    switch (c) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        return { t: 'escape', name: c, set: classEscapeSet(c) };
      case 'b':
      case 'B':
        if (inClass) throw new GoRegexError(`\\${c} inside a character class`);
        return { t: 'assert', kind: c === 'b' ? '\\b' : '\\B' };
      case 'A':
        if (inClass) throw new GoRegexError('\\A inside a character class');
        return { t: 'look', behind: true, negative: true, body: ANY_CLASS };
      case 'z':
        if (inClass) throw new GoRegexError('\\z inside a character class');
        return { t: 'look', behind: false, negative: true, body: ANY_CLASS };
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 'v':
        return 0x0b;
      case 'x': {
        if (this.peek() === '{') {
          const end = this.src.indexOf('}', this.pos);
          const hex = end === -1 ? '' : this.src.slice(this.pos + 1, end);
          if (!/^[0-9A-Fa-f]{1,8}$/.test(hex)) throw new GoRegexError(`bad \\x{...} escape at offset ${this.pos - 2}`);
          this.pos = end + 1;
          return parseInt(hex, 16);
        }
        const hex = this.src.slice(this.pos, this.pos + 2);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new GoRegexError(`bad \\x escape at offset ${this.pos - 2}`);
        this.pos += 2;
        return parseInt(hex, 16);
      }
      case 'p':
      case 'P': {
        const name = this.peek() === '{' ? this.src.slice(this.pos, this.src.indexOf('}', this.pos) + 1) : this.peek();
        throw new GoRegexError(`Unicode class \\${c}${name} cannot be translated (write an explicit character range)`);
      }
      case 'C':
        throw new GoRegexError('\\C (any byte) has no JavaScript equivalent');
      case 'Q':
        throw new GoRegexError('\\Q inside a character class');
      default:
        if (c >= '0' && c <= '7') {
          let digits = c;
          while (digits.length < 3 && /[0-7]/.test(this.peek())) digits += this.src[this.pos++];
          return parseInt(digits, 8);
        }
        if (/[A-Za-z0-9]/.test(c)) throw new GoRegexError(`unknown escape \\${c} at offset ${this.pos - 2}`);
        return c.charCodeAt(0);
    }
  }

  /** A class member from an escape: a character, or a class escape (the only nodes escape() gives in a class). */
  private classEscape(): number | ClassItem {
    const e = this.escape(true);
    if (typeof e === 'number') return e;
    return escapeItem((e as { name: string }).name);
  }

  private charClass(): Node {
    const startAt = this.pos - 1;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const items: ClassItem[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === '') throw new GoRegexError(`unterminated character class at offset ${startAt}`);
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const end = this.src.indexOf(':]', this.pos + 2);
        const name = end === -1 ? '' : this.src.slice(this.pos + 2, end);
        if (/^\^?[a-z]+$/.test(name)) {
          const neg = name.startsWith('^');
          const ranges = POSIX[neg ? name.slice(1) : name];
          if (!ranges) throw new GoRegexError(`unknown POSIX class [:${name}:]`);
          this.pos = end + 2;
          if (neg) {
            // [[:^alpha:]] alone: the complement is the negated class.
            if (items.length === 0 && !negated && this.peek() === ']') {
              negated = true;
              for (const [lo, hi] of ranges) items.push({ lo, hi });
              continue;
            }
            throw new GoRegexError(`negated POSIX class [:${name}:] inside a larger class`);
          }
          for (const [lo, hi] of ranges) items.push({ lo, hi });
          continue;
        }
      }
      this.pos++;
      const lo = c === '\\' ? this.classEscape() : c.charCodeAt(0);
      if (typeof lo !== 'number') {
        items.push(lo);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        const d = this.src[this.pos++];
        const hi = d === '\\' ? this.classEscape() : d.charCodeAt(0);
        if (typeof hi !== 'number') throw new GoRegexError(`bad range in character class at offset ${startAt}`);
        if (hi < lo) throw new GoRegexError(`reversed range in character class at offset ${startAt}`);
        items.push({ lo, hi });
      } else items.push({ lo, hi: lo });
    }
    if (this.expand) items.push(...caseExpansion(items));
    for (const it of items) {
      if (!('lo' in it)) continue;
      if (it.lo > 0xffff) throw aboveBmp(it.lo);
      if (it.hi > 0xffff) throw aboveBmp(it.hi);
    }
    return { t: 'class', negated, items };
  }
}

/** The members a class needs added so that it matches both cases of its letters. */
function caseExpansion(items: ClassItem[]): ClassItem[] {
  const extra: ClassItem[] = [];
  for (const it of items) {
    if (!('lo' in it)) continue;
    const a = Math.max(it.lo, 0x61);
    const b = Math.min(it.hi, 0x7a);
    if (a <= b) extra.push({ lo: a - 32, hi: b - 32 });
    const c = Math.max(it.lo, 0x41);
    const d = Math.min(it.hi, 0x5a);
    if (c <= d) extra.push({ lo: c + 32, hi: d + 32 });
    if (it.lo === it.hi && it.lo > 0x7f) {
      const oc = otherCase(it.lo);
      if (oc !== undefined) extra.push({ lo: oc, hi: oc });
    }
  }
  return extra;
}
