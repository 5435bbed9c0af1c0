// What every value check is, and a helper several use.
/** Source files, where a literal is quoted and a bare word is a name (errFmtOIDCClientOption + "..."). */
export const CODE_FILE = /\.(?:go|js|mjs|cjs|ts|tsx|jsx|java|kt|kts|scala|groovy|cs|c|cc|cpp|h|hpp|rs|swift|m|mm|py|rb|php|dart|lua)$/i;

export type ValueCheck = (value: string, context: { key?: string; line: string; path?: string }) => boolean;

/** Length of the longest run of one repeated character. */
export function longestRun(s: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    run = i > 0 && s[i] === s[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}
