// The keyword automaton: its inner loop, in a function of its own (advance()), and its columns (charClasses()).
/** Keywords are looked for by their first this-many characters (KeywordPrefilter). */
export const TRIE_DEPTH = 8;

/** 1 for the characters of the standard base64 alphabet (A-Za-z0-9+/): the runs advance() collects. */
const BASE64_ALPHABET = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9+/]/.test(String.fromCharCode(c))) BASE64_ALPHABET[c] = 1;

/** The automaton's state (its row in the table) and the length of the current base64 run, between advance() calls. */
export const cursor = new Int32Array(2);

/**
 * Runs the automaton (its row in cursor[0]) over `text` from `from` up to the first position
 * where keywords end, or the text's end, and returns that position; collects base64 runs on the way
 * (the current one's length in cursor[1]). Its own small function: inside plan(), with the hit
 * handling around it, V8 compiled this loop into code about 70% slower.
 */
export function advance(trans: Int32Array, charClass: Uint8Array, text: string, from: number, runs: number[] | undefined): number {
  let row = cursor[0];
  let runLen = cursor[1];
  const len = text.length;
  let pos = from;
  for (; pos < len; pos++) {
    const c = text.charCodeAt(pos);
    // No branch on the character: the class load does not wait on the state, and whether a
    // character is in the alphabet is as good as random to the branch predictor (mispredicting it
    // cost a third of this loop's time). A non-ASCII character's column is all zeros: it resets the
    // automaton (keywords are ASCII) and ends a base64 run.
    const v = trans[row + charClass[c]];
    row = v >> 2;
    const inAlphabet = v & 1;
    // A run followed by '=' may be padded; otherwise its length must be a multiple of 4 and it
    // may not run on into '_' or '-' (candidateFromRun's tests, the cheap ones first: most runs
    // are long identifiers).
    if (runLen >= 10 && inAlphabet === 0 && runs !== undefined && (c === 61 || ((runLen & 3) === 0 && c !== 95 && c !== 45))) runs.push(pos - runLen, pos);
    runLen = (runLen + 1) & -inAlphabet;
    if ((v & 2) !== 0) break;
  }
  cursor[0] = row;
  cursor[1] = runLen;
  return pos;
}

/**
 * The automaton's columns: characters that move every state alike share one. Each character of a
 * keyword (lower case, as the trie's edges hold them) gets its own, shared with its upper case;
 * the other ASCII characters take one of two, by whether they are in the base64 alphabet; and
 * whatever is not ASCII shares the column of the non-base64 ones (it resets the automaton: keywords
 * are ASCII, and ends a base64 run). 128 columns become about 50: more of the rows the loop visits
 * stay in the L1 cache, and the loop, which waits on each table load, got a quarter faster.
 * `charClass` maps every UTF-16 code unit to its column, `base64` each column to 1 when its
 * characters are in the alphabet.
 */
export function charClasses(edges: number[][]): { charClass: Uint8Array; width: number; base64: Uint8Array } {
  const inKeyword = new Uint8Array(128);
  for (const list of edges) for (const c of list) if (c < 128) inKeyword[c] = 1;
  // Column 0: not in any keyword nor in the alphabet (and non-ASCII); 1: in the alphabet only.
  // Downwards, so a lower-case letter has its column before its upper case asks for it.
  const charClass = new Uint8Array(65536);
  const base64: number[] = [0, 1];
  for (let c = 127; c >= 0; c--) {
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (!inKeyword[lower]) charClass[c] = BASE64_ALPHABET[c];
    else if (lower !== c) charClass[c] = charClass[lower];
    else {
      charClass[c] = base64.length;
      base64.push(BASE64_ALPHABET[c]);
    }
  }
  return { charClass, width: base64.length, base64: Uint8Array.from(base64) };
}
