// The one syntax tree every regex analysis reads (parse.ts makes it from JavaScript syntax,
// parse-go.ts from Go RE2 syntax, already translated to JavaScript's meaning; print.ts turns it
// back into JavaScript source). JavaScript semantics without the u flag, as src/config/regex.ts
// compiles rules: characters are UTF-16 code units, flags (i, m, s) apply to the whole tree.
//
// Shape: an alternation (`alt`, two or more branches) or a single branch; every branch is a
// `seq`; a quantified term is a `rep` around it. Groups and lookarounds hold such a body.
import type { Ranges } from './char-ranges.js';

/** A member of a character class: a range (lo = hi for one character), a class escape, or an escape no analysis models. */
export type ClassItem = { lo: number; hi: number } | { escape: string; set: Ranges } | { unknown: string };

export type Node =
  /** One character, written or escaped (a code point above U+FFFF only for a literal astral character from Go). */
  | { t: 'char'; code: number }
  /** A class escape outside a class: \d \D \w \W \s \S; `set` is what it matches. */
  | { t: 'escape'; name: string; set: Ranges }
  | { t: 'class'; negated: boolean; items: ClassItem[] }
  | { t: 'dot' }
  /** An escape the lexer does not model (octal escapes, `\c` without a letter), as written. */
  | { t: 'unknown'; text: string }
  /** A backreference, by group number or name. */
  | { t: 'backref'; ref: string }
  | { t: 'assert'; kind: '^' | '$' | '\\b' | '\\B' }
  | { t: 'look'; behind: boolean; negative: boolean; body: Node }
  | { t: 'group'; capture: boolean; name?: string; body: Node }
  /** A quantified term; `text` is the quantifier as written (with a lazy `?`). */
  | { t: 'rep'; body: Node; min: number; max: number; lazy: boolean; text: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] };

export type NodeOf<T extends Node['t']> = Extract<Node, { t: T }>;
