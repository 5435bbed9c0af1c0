// Prints a syntax tree (ast.ts) as JavaScript regex source that compiles without the u flag on
// Node 20: the last step of the Go translation (go-translate.ts). Characters are written as
// themselves when printable ASCII and not special, else as named or \uHHHH escapes.
import type { ClassItem, Node } from './ast.js';

const SPECIAL_OUTSIDE = new Set('\\^$.|?*+()[]{}/'.split(''));

const NAMED_ESCAPES: Record<number, string> = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function hex4(cp: number): string {
  return NAMED_ESCAPES[cp] ?? '\\u' + cp.toString(16).padStart(4, '0');
}

/** A character as an atom outside a class (above U+FFFF: the character itself, a surrogate pair). */
function litOut(cp: number): string {
  if (cp > 0xffff) return String.fromCodePoint(cp);
  const ch = String.fromCharCode(cp);
  if (SPECIAL_OUTSIDE.has(ch)) return '\\' + ch;
  if (cp >= 0x20 && cp < 0x7f) return ch;
  return hex4(cp);
}

/** A character inside a class. */
function litIn(cp: number): string {
  const ch = String.fromCharCode(cp);
  if (/[A-Za-z0-9_ !"#%&',.:;<=>@`~{}()*+?$|/]/.test(ch)) return ch;
  if (ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-') return '\\' + ch;
  return hex4(cp);
}

function item(it: ClassItem): string {
  if ('escape' in it) return '\\' + it.escape;
  if ('unknown' in it) return it.unknown;
  return it.lo === it.hi ? litIn(it.lo) : `${litIn(it.lo)}-${litIn(it.hi)}`;
}

export function printRegex(n: Node): string {
  switch (n.t) {
    case 'char':
      return litOut(n.code);
    case 'escape':
      return '\\' + n.name;
    case 'class':
      return `[${n.negated ? '^' : ''}${n.items.map(item).join('')}]`;
    case 'dot':
      return '.';
    case 'unknown':
      return n.text;
    case 'backref':
      return /^\d+$/.test(n.ref) ? '\\' + n.ref : `\\k<${n.ref}>`;
    case 'assert':
      return n.kind;
    case 'look':
      return `(?${n.behind ? '<' : ''}${n.negative ? '!' : '='}${printRegex(n.body)})`;
    case 'group':
      return `${n.capture ? (n.name === undefined ? '(' : `(?<${n.name}>`) : '(?:'}${printRegex(n.body)})`;
    case 'rep':
      return printRegex(n.body) + n.text;
    case 'seq':
      return n.items.map(printRegex).join('');
    case 'alt':
      return n.items.map(printRegex).join('|');
  }
}
