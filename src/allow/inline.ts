// Inline markers that allow a line: `leakguard:allow`, and for users coming from other tools
// `gitleaks:allow` and detect-secrets' `pragma: allowlist secret` (plus `pragma: allowlist nextline secret`
// on the line above).
const SAME_LINE = /leakguard:allow|gitleaks:allow|pragma:\s*allowlist[ -]secret/;
const NEXT_LINE = /pragma:\s*allowlist[ -]nextline[ -]secret|leakguard:allow-next-line/;

export function isInlineAllowed(line: string, previousLine: string | undefined): boolean {
  if (line.includes('allow') && SAME_LINE.test(line)) return true;
  return previousLine !== undefined && previousLine.includes('allow') && NEXT_LINE.test(previousLine);
}
