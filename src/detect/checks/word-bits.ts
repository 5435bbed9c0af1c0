// Bits per letter of a value's letters under the judge's letter model (src/judge/wordness.ts),
// for checks that ask "are these chunks words?": names people write score 3 to 5.3, random letters
// mostly 6 and more. The model is read once, on the first call.
import { judgeData } from '../../judge/data.js';
import { Wordness } from '../../judge/wordness.js';

let model: Wordness | undefined;

/** Mean bits per letter of `text`'s letters; Infinity when it has none. */
export function wordBits(text: string): number {
  model ??= new Wordness(judgeData().wordness);
  return model.measure(text).bits ?? Infinity;
}

/** Bits per letter at or below which letters read as words people write. */
export const WORDLIKE_BITS = 5.5;
