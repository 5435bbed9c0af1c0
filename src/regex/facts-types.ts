// What analyzeRegex (facts.ts) finds out about a rule's regex.
export interface RegexFacts {
  lineLocal: boolean;
  anchored: boolean;
  /** Longest possible match (UTF-16 code units); Infinity when unbounded. */
  maxLen?: number;
  /**
   * How far outside a match its assertions can look (lookarounds, ^, $, \b); Infinity when
   * unbounded. A window with this much context on each side sees a match exactly as the whole text does.
   */
  margin?: number;
  /**
   * When anchored: every match has a keyword occurrence starting at most `pre` characters after
   * the match's start and at most `post` characters before its end (Infinity when unbounded).
   */
  pre?: number;
  post?: number;
  /**
   * When anchored: every match starts at a position whose previous character is not in `cls` (or
   * at the text's start), and holds a keyword occurrence at most `pre` characters on whose text
   * before it lies entirely in `cls`. So a match starts exactly where the run of `cls` characters
   * ending at one of its keyword occurrences starts. `cls` is ASCII only.
   */
  runStart?: RunStart[];
  /** Strings one of which every match contains, case-sensitively (required-literals.ts). */
  literals?: string[];
}

/**
 * A class a match's start is found by (RegexFacts.runStart): its ASCII members, and with `wide`
 * every non-ASCII character too but the line terminators U+2028 and U+2029.
 */
export interface RunStart {
  cls: string;
  wide: boolean;
  pre: number;
}

