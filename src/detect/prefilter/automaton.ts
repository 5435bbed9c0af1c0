// The keyword automaton's inner loop, kept in a function of its own (see advance()).
/** Keywords are looked for by their first this-many characters (KeywordPrefilter). */
export const TRIE_DEPTH = 8;

/** 1 for the characters of the standard base64 alphabet (A-Za-z0-9+/). */
export const BASE64_ALPHABET = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9+/]/.test(String.fromCharCode(c))) BASE64_ALPHABET[c] = 1;

/** The automaton's state and the length of the current base64 run, between advance() calls. */
export const cursor = new Int32Array(2);

/**
 * Runs the automaton (its state in cursor[0]) over `text` from `from` up to the first position
 * where keywords end, or the text's end, and returns that position; collects base64 runs on the way
 * (the current one's length in cursor[1]). Its own small function: inside plan(), with the hit
 * handling around it, V8 compiled this loop into code about 70% slower.
 */
export function advance(trans: Int32Array, text: string, from: number, runs: number[] | undefined): number {
  let s = cursor[0];
  let runLen = cursor[1];
  const len = text.length;
  let pos = from;
  for (; pos < len; pos++) {
    const c = text.charCodeAt(pos);
    // Any other character resets the automaton (keywords are ASCII) and ends a base64 run.
    const v = c < 128 ? trans[(s << 7) | c] : 0;
    s = v >> 2;
    // Without a branch on the character: whether it is in the alphabet is as good as random to the
    // branch predictor, and mispredicting it cost a third of this loop's time.
    const inAlphabet = v & 1;
    // A run followed by '=' may be padded; otherwise its length must be a multiple of 4 and it
    // may not run on into '_' or '-' (candidateFromRun's tests, the cheap ones first: most runs
    // are long identifiers).
    if (runLen >= 10 && inAlphabet === 0 && runs !== undefined && (c === 61 || ((runLen & 3) === 0 && c !== 95 && c !== 45))) runs.push(pos - runLen, pos);
    runLen = (runLen + 1) & -inAlphabet;
    if ((v & 2) !== 0) break;
  }
  cursor[0] = s;
  cursor[1] = runLen;
  return pos;
}

/** `a` sorted without duplicates (in place; usually it already is). */
