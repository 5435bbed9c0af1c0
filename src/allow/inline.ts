// Inline markers that allow a line: `leakguard:allow`, and for users coming from other tools
// `gitleaks:allow` and detect-secrets' `pragma: allowlist secret` (plus `pragma: allowlist nextline secret`
// on the line above).
const SAME_LINE = /leakguard:allow|gitleaks:allow|pragma:\s*allowlist[ -]secret/;
const NEXT_LINE = /pragma:\s*allowlist[ -]nextline[ -]secret|leakguard:allow-next-line/;

/** False when `text` holds no inline marker anywhere (each contains ':allow' or 'allowlist'). */
export function mayHoldInlineMarker(text: string): boolean {
  return text.includes(':allow') || text.includes('allowlist');
}

// A line can be a whole minified file, and "allow" is a common word there: the regexes (which
// try every position) run only when a marker's fixed part occurs (String#includes is a fast search).
export function isInlineAllowed(line: string, previousLine: string | undefined): boolean {
  if (mayHoldInlineMarker(line) && SAME_LINE.test(line)) return true;
  return previousLine !== undefined && mayHoldInlineMarker(previousLine) && NEXT_LINE.test(previousLine);
}
