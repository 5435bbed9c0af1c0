// Secrets hidden in base64: Kubernetes Secret `data:` values, `.dockerconfigjson` (and the `auth`
// entries inside it), `Authorization: Basic ...` headers and other long base64 strings. Each padded
// base64 run whose decoding is printable text is decoded and run through the detector again, with a
// synthetic context so the value is judged by the name it was stored under (`password: <decoded>`
// for a Secret's `data.password`; `username`/`password` for a basic-auth `user:pass`). A finding in
// the decoded text is reported at the encoded text: its line and columns, and the encoded span as the
// secret (so neither the report nor the fingerprint ever holds the decoded value), with
// `decodedFrom: 'base64'`.
//
// Cost on text without candidates is one linear regex pass; candidates are filtered by shape
// (padded length) and by decoding to printable ASCII before any rule runs.
import type { Finding, Fragment } from '../types.js';
import { isInlineAllowed } from '../allow/inline.js';
import { LineIndex } from './lines.js';
import { confidenceRank } from '../judge/level.js';

/** What detectEncoded needs from the Detector (a structural type, to avoid an import cycle). */
export interface FragmentDetector {
  detect(fragment: Fragment, depth?: number): Finding[];
}

/** Nested decoding depth (a .dockerconfigjson holds base64 `auth` values): outer text is depth 0. */
export const MAX_ENCODED_DEPTH = 2;

const MIN_ENCODED = 12;
const MAX_ENCODED = 64 * 1024;
// A candidate is a run of the standard base64 alphabet with up to two '=' of padding, not part of a
// longer word, URL-safe token or path: the character before it is not one of A-Za-z0-9+/=_-\ and
// the one after it not one of A-Za-z0-9+/=_-. Found by a character loop (a regex with lookbehind
// took most of this pass's time on source trees full of long identifiers).
const B64 = 1; // A-Za-z0-9+/
const PAD = 2; // =
const JOIN_BEFORE = 4; // _ - \ : may not precede a candidate
const JOIN_AFTER = 8; // _ - : may not follow a candidate
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/]/.test(ch)) CLASS[c] = B64;
  else if (ch === '=') CLASS[c] = PAD;
  else if (ch === '_' || ch === '-') CLASS[c] = JOIN_BEFORE | JOIN_AFTER;
  else if (ch === '\\') CLASS[c] = JOIN_BEFORE;
}
const classOf = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c] : 0;
};

/**
 * The candidate a maximal run [start, runEnd) of the base64 alphabet gives (the run with its
 * padding), when it stands alone and its length could be canonical base64 (>= 12, a multiple of 4).
 */
export function candidateFromRun(text: string, start: number, runEnd: number): [number, number] | undefined {
  const len = text.length;
  let end = runEnd;
  while (end < len && end - runEnd < 2 && text.charCodeAt(end) === 61) end++;
  const n = end - start;
  if (n < MIN_ENCODED || n > MAX_ENCODED || n % 4 !== 0) return undefined;
  const before = start > 0 ? classOf(text, start - 1) : 0;
  const after = end < len ? classOf(text, end) : 0;
  if ((before & (B64 | PAD | JOIN_BEFORE)) !== 0 || (after & (B64 | PAD | JOIN_AFTER)) !== 0) return undefined;
  return [start, end];
}

// `key: value`, `key=value`, `"key": "value"` just before the candidate on its line.
const KEY_BEFORE = /(?:^|[\s{,;])["']?([.\w][\w.-]{0,80})["']?[ \t]*(?::|=|:=)[ \t]*["']?$/;
const BASIC_BEFORE = /\bbasic[ \t]+$/i;
// A YAML block scalar (`key: |` / `key: >`) whose value starts on the next line.
const BLOCK_KEY = /^[ \t]*["']?([.\w][\w.-]{0,80})["']?[ \t]*:[ \t]*[|>][-+]?[ \t]*$/;
const SECRET_MANIFEST = /^[ \t]*kind:[ \t]*["']?Secret["']?[ \t]*$/im;
const SECRET_WORD = /pass|pwd|secret|token|key|auth|cred|cookie|salt|signing|private/i;
const NOT_SECRET_PART = new Set(
  'user username login host hostname port url uri endpoint server address database db dbname schema name namespace region zone email mail ca crt cert certificate pub public config conf env environment mode type version path bucket cluster account id'.split(' '),
);

/**
 * In a Kubernetes Secret every data value is meant to be secret: a value under a secret-ish name
 * (`token`, `api-key`) counts as it is; under a name that says nothing (`extra`, `value`) it counts
 * when it looks like a password (letters with digits or symbols; not a host, URL, path or e-mail);
 * under an obviously public name (`username`, `host`, `ca.crt`) it does not.
 */
function secretDataValue(key: string, value: string): boolean {
  if (SECRET_WORD.test(key)) return true;
  if (key.split(/[._-]+/).some((part) => NOT_SECRET_PART.has(part.toLowerCase()))) return false;
  if (/:\/\/|^[/~]|@[\w-]+\.|^[\w-]+(?:\.[\w-]+)+$/.test(value)) return false;
  return /[A-Za-z]/.test(value) && /[^A-Za-z]/.test(value);
}

/** Whether every byte is printable ASCII or tab/newline/CR, and the text is not whitespace only. */
function printable(buf: Buffer): boolean {
  let visible = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b >= 0x21 && b <= 0x7e) visible++;
    else if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return visible >= 6;
}

/** Decoded text of a base64 candidate, or undefined when it is not canonical base64 of text. */
export function decodeBase64Text(s: string): string | undefined {
  if (s.length < MIN_ENCODED || s.length > MAX_ENCODED || s.length % 4 !== 0) return undefined;
  // Each group of four characters starts with the top six bits of a byte, which for ASCII text
  // (all printable() accepts) is below 32: A-Z or a-f. Most long identifiers fail this at once,
  // before any decoding.
  for (let i = 0; i < s.length; i += 4) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 102))) return undefined;
  }
  const buf = Buffer.from(s, 'base64');
  if (buf.length < Math.floor((s.length * 3) / 4) - 2) return undefined;
  if (!printable(buf)) return undefined;
  return buf.toString('latin1');
}

function quoteFor(value: string): string | undefined {
  if (!value.includes('"')) return '"';
  if (!value.includes("'")) return "'";
  return undefined;
}

/** The text the detector sees for one decoded value, given the name it was stored under. */
export function syntheticContext(decoded: string, key: string | undefined, basic: boolean, secretManifest = false): string {
  const oneLine = !/[\r\n]/.test(decoded);
  const dataSecret = secretManifest && key !== undefined && secretDataValue(key, decoded);
  if (oneLine && (basic || dataSecret || (key !== undefined && /auth/i.test(key)))) {
    const m = /^([^:\s]{1,256}):(\S{1,256})$/.exec(decoded);
    if (m) {
      const q = quoteFor(m[2]);
      if (q) return `username: ${q === '"' ? JSON.stringify(m[1]) : `'${m[1]}'`}\npassword: ${q}${m[2]}${q}\n`;
    }
  }
  if (oneLine && key !== undefined && !/^\s*[[{]/.test(decoded)) {
    const q = quoteFor(decoded);
    // A Secret's data value under a name that says nothing (`extra`, `value`) is still a secret.
    const as = dataSecret && !/pass|pwd/i.test(key) ? `${key}_password` : key;
    if (q) return `${as}: ${q}${decoded}${q}\n${decoded}\n`;
  }
  return decoded;
}

/**
 * Findings inside base64 text of `fragment`, reported at the encoded text. `depth` is the depth of
 * `fragment` itself (0 for real text); `runs` are the runs of the base64 alphabet that may be
 * candidates, as the keyword pass collects them (KeywordPrefilter.plan).
 */
export function detectEncoded(detector: FragmentDetector, fragment: Fragment, depth: number, runs: number[]): Finding[] {
  if (depth >= MAX_ENCODED_DEPTH) return [];
  const { text } = fragment;
  let lines: LineIndex | undefined;
  let secretManifest: boolean | undefined;
  const out: Finding[] = [];
  for (let r = 0; r < runs.length; r += 2) {
    const cand = candidateFromRun(text, runs[r], runs[r + 1]);
    if (!cand) continue;
    const [start, stop] = cand;
    const encoded = text.slice(start, stop);
    const decoded = decodeBase64Text(encoded);
    if (decoded === undefined) continue;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const prefix = text.slice(Math.max(lineStart, start - 200), start);
    let key = KEY_BEFORE.exec(prefix)?.[1];
    if (key === undefined && /^[ \t]*$/.test(prefix) && lineStart > 0) {
      const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
      key = BLOCK_KEY.exec(text.slice(prevStart, lineStart - 1).replace(/\r$/, ''))?.[1];
    }
    const basic = BASIC_BEFORE.test(prefix);
    secretManifest ??= SECRET_MANIFEST.test(text);
    const synthetic = syntheticContext(decoded, key, basic, secretManifest);
    const inner = detector.detect({ path: fragment.path, text: synthetic, commit: fragment.commit, decoded: true }, depth + 1);
    if (inner.length === 0) continue;
    lines ??= new LineIndex(fragment);
    const lineIdx = lines.lineIndexOf(start);
    const lineText = lines.lineText(lineIdx);
    if (isInlineAllowed(lineText, lineIdx > 0 ? lines.lineText(lineIdx - 1) : undefined)) continue;
    const end = start + encoded.length;
    // The most confident inner finding speaks for the encoded text (a dummy first must not hide a real one).
    const first = inner.reduce((best, f) => (confidenceRank(f.confidence) > confidenceRank(best.confidence) ? f : best));
    out.push({
      ruleId: first.ruleId,
      description: first.description,
      kind: first.kind,
      path: fragment.path,
      line: lines.realLine(lineIdx),
      column: lines.column(start),
      endLine: lines.realLine(lineIdx),
      endColumn: lines.column(end - 1) + 1,
      secret: encoded,
      match: encoded,
      lineText,
      entropy: first.entropy,
      commit: fragment.commit,
      fingerprint: '',
      key: key ?? first.key,
      decodedFrom: 'base64',
      confidence: first.confidence,
      score: first.score,
      reasons: first.reasons && [...first.reasons, 'decoded from base64'],
    });
  }
  return out;
}

/** Plain findings plus encoded ones; a plain finding on the same encoded span gives way to the decoded one. */
export function mergeEncoded(plain: Finding[], encoded: Finding[]): Finding[] {
  if (encoded.length === 0) return plain;
  const overlaps = (p: Finding, e: Finding) =>
    p.line <= e.endLine && e.line <= p.endLine && (p.line < e.line || p.column < e.endColumn) && (p.endLine > e.endLine || e.column < p.endColumn);
  const kept = plain.filter((p) => !encoded.some((e) => overlaps(p, e)));
  return [...kept, ...encoded].sort((a, b) => a.line - b.line || a.column - b.column);
}
