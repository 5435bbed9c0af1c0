// Translates Go RE2 regex syntax (as written in gitleaks configs) into JavaScript regex source that
// compiles without the `u` flag on Node 20. What differs and how it is handled:
//   (?i) (?s) (?m) anywhere, (?flags:...), (?-flags)  -> tracked per group; a case-insensitive scope
//        that does not cover the whole pattern becomes case-expanded literals/classes ([aA]); `.` under
//        (?s) becomes [\s\S] (outside (?s) JavaScript's `.`, which also stops at \r); ^/$ under (?m)
//        become line-boundary lookarounds. A leading (?i) that
//        holds for the whole pattern stays a leading (?i) (compileRegex turns it into the i flag).
//   \A \z                      -> (?<![\s\S]) (?![\s\S])
//   (?P<name>...)              -> (?<name>...)
//   [[:alnum:]] and the other POSIX classes -> explicit ranges
//   \Q...\E                    -> escaped literal text
//   \x{HHHH}, octal \123, \a   -> \uHHHH / \x07
//   []a] (']' first in a class is literal) -> [\]a]
// What it cannot translate raises GoRegexError naming the construct: \p{...} / \pL Unicode classes,
// \C, the (?U) ungreedy flag, negated POSIX classes inside a larger class, code points above U+FFFF.
// JavaScript-only constructs Go lacks (lookarounds, (?<name>) are passed through unchanged, so the
// translator is also safe on the JavaScript dialect of leakguard's own configs.

export class GoRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoRegexError';
  }
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

class RetryWithoutBaseI extends Error {}

const POSIX: Record<string, Array<[number, number]>> = {
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

const SPECIAL_OUTSIDE = new Set('\\^$.|?*+()[]{}/'.split(''));

const NAMED_ESCAPES: Record<number, string> = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function hex4(cp: number): string {
  return NAMED_ESCAPES[cp] ?? '\\u' + cp.toString(16).padStart(4, '0');
}

/** A code point as a JavaScript regex atom outside a class. */
function litOut(cp: number): string {
  if (cp > 0xffff) throw new GoRegexError(`code point U+${cp.toString(16).toUpperCase()} above U+FFFF`);
  const ch = String.fromCharCode(cp);
  if (SPECIAL_OUTSIDE.has(ch)) return '\\' + ch;
  if (cp >= 0x20 && cp < 0x7f) return ch;
  return hex4(cp);
}

/** A code point inside a JavaScript character class. */
function litIn(cp: number): string {
  if (cp > 0xffff) throw new GoRegexError(`code point U+${cp.toString(16).toUpperCase()} above U+FFFF`);
  const ch = String.fromCharCode(cp);
  if (/[A-Za-z0-9_ !"#%&',.:;<=>@`~{}()*+?$|/]/.test(ch)) return ch;
  if (ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-') return '\\' + ch;
  return hex4(cp);
}

function otherCase(cp: number): number | undefined {
  const ch = String.fromCharCode(cp);
  const up = ch.toUpperCase();
  const lo = ch.toLowerCase();
  if (up !== ch && up.length === 1) return up.charCodeAt(0);
  if (lo !== ch && lo.length === 1) return lo.charCodeAt(0);
  return undefined;
}

function parseFlags(spec: string, cur: Flags, where: number): Flags {
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

type ClassItem = { lo: number; hi: number } | { raw: string };

class Translator {
  private pos = 0;
  private out = '';
  private readonly stack: Flags[] = [];
  private cur: Flags;

  constructor(
    private readonly src: string,
    start: number,
    flags: Flags,
    private readonly baseI: boolean,
  ) {
    this.pos = start;
    this.cur = flags;
  }

  private peek(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }

  /** Case-insensitive scope that the JavaScript flags do not already cover. */
  private get expand(): boolean {
    if (this.baseI && !this.cur.i) throw new RetryWithoutBaseI();
    return this.cur.i && !this.baseI;
  }

  private emitLiteral(cp: number): void {
    const oc = this.expand ? otherCase(cp) : undefined;
    this.out += oc === undefined ? litOut(cp) : `[${litIn(cp)}${litIn(oc)}]`;
  }

  /** Reads an escape after the backslash at this.pos-1; returns a code point or a raw atom. */
  private readEscape(inClass: boolean): number | { raw: string } {
    const c = this.src[this.pos++];
    if (c === undefined) throw new GoRegexError('trailing backslash');
    switch (c) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        return { raw: '\\' + c };
      case 'b':
      case 'B':
        if (inClass) throw new GoRegexError(`\\${c} inside a character class`);
        return { raw: '\\' + c };
      case 'A':
        if (inClass) throw new GoRegexError('\\A inside a character class');
        return { raw: '(?<![\\s\\S])' };
      case 'z':
        if (inClass) throw new GoRegexError('\\z inside a character class');
        return { raw: '(?![\\s\\S])' };
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

  private readClass(): void {
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
      let lo: number | { raw: string };
      this.pos++;
      if (c === '\\') lo = this.readEscape(true);
      else lo = c.charCodeAt(0);
      if (typeof lo !== 'number') {
        items.push(lo);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        const d = this.src[this.pos++];
        let hi: number | { raw: string };
        if (d === '\\') hi = this.readEscape(true);
        else hi = d.charCodeAt(0);
        if (typeof hi !== 'number') throw new GoRegexError(`bad range in character class at offset ${startAt}`);
        if (hi < lo) throw new GoRegexError(`reversed range in character class at offset ${startAt}`);
        items.push({ lo, hi });
      } else {
        items.push({ lo, hi: lo });
      }
    }
    if (this.expand) {
      const extra: ClassItem[] = [];
      for (const it of items) {
        if (!('lo' in it)) continue;
        const a = Math.max(it.lo, 0x61);
        const b = Math.min(it.hi, 0x7a);
        if (a <= b) extra.push({ lo: a - 32, hi: b - 32 });
        const c2 = Math.max(it.lo, 0x41);
        const d2 = Math.min(it.hi, 0x5a);
        if (c2 <= d2) extra.push({ lo: c2 + 32, hi: d2 + 32 });
        if (it.lo === it.hi && it.lo > 0x7f) {
          const oc = otherCase(it.lo);
          if (oc !== undefined) extra.push({ lo: oc, hi: oc });
        }
      }
      items.push(...extra);
    }
    let body = '';
    for (const it of items) {
      if ('raw' in it) body += it.raw;
      else if (it.lo === it.hi) body += litIn(it.lo);
      else body += `${litIn(it.lo)}-${litIn(it.hi)}`;
    }
    this.out += `[${negated ? '^' : ''}${body}]`;
  }

  run(): string {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos++];
      switch (c) {
        case '\\': {
          if (this.peek() === 'Q') {
            this.pos++;
            const end = src.indexOf('\\E', this.pos);
            const lit = end === -1 ? src.slice(this.pos) : src.slice(this.pos, end);
            this.pos = end === -1 ? src.length : end + 2;
            for (const ch of lit) this.emitLiteral(ch.codePointAt(0)!);
            break;
          }
          const e = this.readEscape(false);
          if (typeof e === 'number') this.emitLiteral(e);
          else this.out += e.raw;
          break;
        }
        case '[':
          this.readClass();
          break;
        case '(': {
          if (this.peek() !== '?') {
            this.stack.push(this.cur);
            this.out += '(';
            break;
          }
          const rest = src.slice(this.pos + 1);
          let m: RegExpExecArray | null;
          if ((m = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
            this.stack.push(this.cur);
            this.out += `(?<${m[1]}>`;
            this.pos += 1 + m[0].length;
          } else if ((m = /^(?:<=|<!|=|!|:)/.exec(rest))) {
            // Non-capturing group, or a JavaScript lookaround (Go has none; passed through).
            this.stack.push(this.cur);
            this.out += `(?${m[0]}`;
            this.pos += 1 + m[0].length;
          } else if ((m = /^([A-Za-z-]*)([:)])/.exec(rest))) {
            const at = this.pos - 1;
            const flags = parseFlags(m[1], this.cur, at);
            this.pos += 1 + m[0].length;
            if (m[2] === ')') {
              this.cur = flags;
            } else {
              this.stack.push(this.cur);
              this.cur = flags;
              this.out += '(?:';
            }
          } else {
            throw new GoRegexError(`unsupported group syntax at offset ${this.pos - 1}`);
          }
          break;
        }
        case ')': {
          const prev = this.stack.pop();
          if (prev === undefined) throw new GoRegexError(`unmatched ')' at offset ${this.pos - 1}`);
          this.cur = prev;
          this.out += ')';
          break;
        }
        case '.':
          // Go's dot also matches \r; JavaScript's stops at line ends (\r, \n, U+2028/9). Keeping
          // JavaScript's dot keeps a value from swallowing a CR and keeps `.*?[\r\n]` unambiguous.
          this.out += this.cur.s ? '[\\s\\S]' : '.';
          break;
        case '^':
          this.out += this.cur.m ? '(?<![^\\n])' : '^';
          break;
        case '$':
          this.out += this.cur.m ? '(?![^\\n])' : '$';
          break;
        case '|':
        case '*':
        case '+':
        case '?':
          this.out += c;
          break;
        case '{': {
          const m = /^\d+(?:,\d*)?\}/.exec(src.slice(this.pos));
          if (m) {
            this.out += '{' + m[0];
            this.pos += m[0].length;
          } else this.out += '\\{';
          break;
        }
        default: {
          const cp = src.codePointAt(this.pos - 1)!;
          if (cp > 0xffff) {
            // A literal astral character: its surrogate pair as two code units (matches the same text).
            this.out += c + src[this.pos++];
            break;
          }
          this.emitLiteral(cp);
        }
      }
    }
    if (this.stack.length) throw new GoRegexError("missing ')'");
    return this.out;
  }
}

/**
 * Translates a Go (RE2) regex into JavaScript regex source. The result may start with `(?i)`
 * (meaning the `i` flag, see compileRegex). Throws GoRegexError for what it cannot translate.
 */
export function translateGoRegex(src: string): string {
  let start = 0;
  let flags: Flags = { i: false, s: false, m: false };
  const lead = /^\(\?([A-Za-z-]+)\)/.exec(src);
  if (lead) {
    flags = parseFlags(lead[1], flags, 0);
    start = lead[0].length;
  }
  if (flags.i) {
    try {
      return '(?i)' + new Translator(src, start, flags, true).run();
    } catch (e) {
      if (!(e instanceof RetryWithoutBaseI)) throw e;
    }
  }
  return new Translator(src, start, flags, false).run();
}

/** Whether a regex uses syntax that only Go understands (so a leakguard config's regex needs translating). */
export function looksLikeGoRegex(src: string): boolean {
  if (/\(\?<[=!]|\(\?[=!]|\(\?<[A-Za-z]/.test(src)) return false; // JavaScript-only syntax
  return /\(\?P<|\\[zAQpPC]|\[\[:|\\x\{|.\(\?[ims]*-?[ims]+[:)]|^\(\?[ims]*-?[ims]+:/.test(src);
}
