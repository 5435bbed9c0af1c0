// What kind of line and name a finding is on: a log or UI message, a markup attribute, a UI
// attribute (patterns in rules/confidence/judge.toml), and whether the name the value is assigned to is a UI
// or message key (LABEL_NEW_PASSWORD, passwordTooltip).
import { dataRegex, keyWords, type Applied, type JudgeSpec } from './types.js';
import { humanPasswordShape } from './value-features.js';

export interface LineFeature {
  re: RegExp;
  /** Only in files whose path matches one of these (all files when undefined). */
  paths?: RegExp[];
  applied: Applied;
}

export function compileLineFeatures(spec: JudgeSpec): LineFeature[] {
  return spec.line.map((f) => ({
    re: dataRegex(f.regex ?? '(?!)'),
    paths: f.paths?.map((p) => dataRegex(p, 'i')),
    applied: { id: f.id, weight: f.weight ?? 0, reason: f.reason, group: f.group },
  }));
}

export function lineFeatureApplies(f: LineFeature, path: string, line: string): boolean {
  return (!f.paths || f.paths.some((r) => r.test(path))) && f.re.test(line);
}

/**
 * A name holding one of `spec.words`, for values of a shape: `text` (the value reads like text shown
 * to people), `digest` (hex or base64 of a digest's length) or `any`.
 */
export function keyFeature(spec: JudgeSpec['key'], id = 'ui-key', shape: 'text' | 'digest' | 'any' = 'text', group = shape === 'text' ? undefined : 'shape'): (key: string | undefined, value: string) => Applied | undefined {
  const words = new Set(spec.words);
  const names = (spec.names ?? []).map((r) => dataRegex(r));
  const applied = { id, weight: spec.weight, reason: spec.reason, group };
  // Only for values that read like text shown to people (words with spaces, a script other than
  // ASCII, closing punctuation), or a number or word code (INVALID_PASSWORD = "5020", "min-length"): ClearTextPassword
  // holds a password, LABEL_PASSWORD a label, PASSWORD_TOO_WEAK an error's number.
  const textLike = (v: string) => /\S\s+\S|[^\x00-\x7f]|[:?!.…]$|^[A-Z][a-z]+$|^\d{1,6}$|^[a-z]+(?:-[a-z]+)+$/.test(v.trim());
  // a digest: hex of 32, 40, 64 or 128 digits, or base64 of about 16 to 64 bytes
  const digest = (v: string) => /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/.test(v) || /^[A-Za-z0-9+/]{22,88}={0,2}$/.test(v) && v.length % 4 !== 1;
  const shaped = shape === 'text' ? (v: string) => textLike(v) && !humanPasswordShape(v.trim()) : shape === 'digest' ? digest : () => true;
  return (key, value) => {
    if (!key || !shaped(value.trim())) return undefined;
    const bare = key.replace(/["'`\]\[]/g, '');
    return names.some((r) => r.test(bare)) || keyWords(key).some((w) => words.has(w)) ? applied : undefined;
  };
}

/** The words of a name as written in code (quotes and brackets around it dropped). */
const nameWords = (name: string) => keyWords(name.replace(/["'`\]\[]/g, ''));

/**
 * A name whose own last word (or last two words) says what its value is instead of the secret it
 * mentions: passwordTrigger, data-token-callback, nextToken (spec.words, spec.phrases).
 */
export function otherKeyFeature(spec: JudgeSpec['otherKey']): (name: string | undefined) => Applied | undefined {
  const words = new Set(spec.words);
  const phrases = new Set(spec.phrases);
  const applied: Applied = { id: 'other-key', weight: spec.weight, reason: spec.reason, group: 'shape' };
  const names = spec.names.map((r) => dataRegex(r));
  return (name) => {
    if (!name) return undefined;
    if (names.some((r) => r.test(name))) return applied;
    const w = nameWords(name);
    if (w.length < 2) return undefined; // a bare "name" or "status" says nothing about a password beside it
    return words.has(w[w.length - 1]!) || phrases.has(w.slice(-2).join(' ')) ? applied : undefined;
  };
}

/**
 * A name that says its value names a Kubernetes Secret holding a certificate or keystore, or a key in
 * one (elasticsearchCertificateSecret, jenkinsHttpsJksSecretKey: spec.words among the name's words,
 * spec.endings its last words), for a value shaped like an object name (spec.value, with a dash or a
 * dot): a reference to where the secret is kept.
 */
export function secretRefKeyFeature(spec: JudgeSpec['secretRefKey']): (name: string | undefined, value: string, line: string, nearby?: string) => Applied | undefined {
  const words = new Set(spec.words);
  const endings = spec.endings.map((e) => e.split(' '));
  const shape = dataRegex(spec.value);
  const sibling = dataRegex(spec.sibling);
  const applied: Applied = { id: 'secret-ref-key', weight: spec.weight, reason: spec.reason, group: 'shape' };
  const keyIn: Applied = { ...applied, reason: spec.siblingReason };
  return (name, value, line, nearby) => {
    const v = value.trim();
    if (!name || !shape.test(v)) return undefined;
    const w = nameWords(name);
    // secretName: beside secretKey: the key's name within that Secret (Helm's secretName/secretKey pair)
    if (w.length === 2 && w[0] === 'secret' && w[1] === 'key' && nearby && siblingInBlock(line, nearby, sibling)) return keyIn;
    if (!/[-.]/.test(v)) return undefined;
    const end = endings.find((e) => e.length < w.length && e.every((x, i) => w[w.length - e.length + i] === x));
    return end && w.slice(0, w.length - end.length).some((x) => words.has(x)) ? applied : undefined;
  };
}

const indentOf = (l: string) => /^[ \t]*/.exec(l)![0].length;

/**
 * Whether a line of the same YAML block as `line` (same indentation, nothing less indented between
 * them; blank and comment lines skipped) matches `sibling`, among the lines of `nearby`.
 */
function siblingInBlock(line: string, nearby: string, sibling: RegExp): boolean {
  const lines = nearby.split('\n');
  const at = lines.indexOf(line);
  if (at < 0) return false;
  const indent = indentOf(line);
  for (const dir of [-1, 1]) {
    for (let i = at + dir; i >= 0 && i < lines.length; i += dir) {
      const l = lines[i]!;
      if (/^[ \t]*(?:#.*)?$/.test(l)) continue;
      const n = indentOf(l);
      if (n < indent) break;
      if (n === indent && sibling.test(l)) return true;
    }
  }
  return false;
}
