// What a one-character node of the tree (ast.ts) matches, as the backtracking guard and the hang
// guards' input generator see it: with the i flag both cases of ASCII letters, an escape no
// analysis models as any character.
import type { Node } from './ast.js';
import { type Ranges, ANY, complement, foldCase, normalize } from './char-ranges.js';
import { classSet } from './lex.js';

/** Line terminators: what `.` stops at without the s flag. */
export const LINE_TERMINATORS: Ranges = [[10, 10], [13, 13], [0x2028, 0x2029]];

/** The characters `n` matches when it is one character (a literal, escape, class or dot); undefined for any other node. */
export function atomSet(n: Node, ignoreCase: boolean, dotAll: boolean): Ranges | undefined {
  const fold = (r: Ranges): Ranges => (ignoreCase ? foldCase(normalize(r)) : normalize(r));
  switch (n.t) {
    case 'char':
      return fold([[n.code, n.code]]);
    case 'escape':
      return fold(n.set);
    case 'unknown':
      return fold(ANY);
    case 'dot':
      return fold(dotAll ? ANY : complement(LINE_TERMINATORS));
    case 'class': {
      const set = fold(classSet(n.items, ANY));
      return n.negated ? complement(set) : set;
    }
    default:
      return undefined;
  }
}
