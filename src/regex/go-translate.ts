// Translates Go RE2 regex syntax (as written in gitleaks configs) into JavaScript regex source that
// compiles without the `u` flag on Node 20: the Go front end of the parser (parse-go.ts, where the
// dialect's differences and what cannot be translated are listed) reads it into the syntax tree,
// and print.ts prints that. A leading (?i) that holds for the whole pattern stays a leading (?i)
// (compileRegex turns it into the i flag); otherwise case-insensitive parts are case-expanded.
import { type GoFlags, GoRegexError, RetryWithoutBaseI, parseFlags, parseGoRegex } from './parse-go.js';
import { printRegex } from './print.js';

export { GoRegexError };

/**
 * Translates a Go (RE2) regex into JavaScript regex source. The result may start with `(?i)`
 * (meaning the `i` flag, see compileRegex). Throws GoRegexError for what it cannot translate.
 */
export function translateGoRegex(src: string): string {
  let start = 0;
  let flags: GoFlags = { i: false, s: false, m: false };
  const lead = /^\(\?([A-Za-z-]+)\)/.exec(src);
  if (lead) {
    flags = parseFlags(lead[1], flags, 0);
    start = lead[0].length;
  }
  if (flags.i) {
    try {
      return '(?i)' + printRegex(parseGoRegex(src, start, flags, true));
    } catch (e) {
      if (!(e instanceof RetryWithoutBaseI)) throw e;
    }
  }
  return printRegex(parseGoRegex(src, start, flags, false));
}

/** Whether a regex uses syntax that only Go understands (so a leakguard config's regex needs translating). */
export function looksLikeGoRegex(src: string): boolean {
  if (/\(\?<[=!]|\(\?[=!]|\(\?<[A-Za-z]/.test(src)) return false; // JavaScript-only syntax
  return /\(\?P<|\\[zAQpPC]|\[\[:|\\x\{|.\(\?[ims]*-?[ims]+[:)]|^\(\?[ims]*-?[ims]+:/.test(src);
}
