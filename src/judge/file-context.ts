// What kind of file a finding is in: from its path (lock file, test, docs, deployable config, ...;
// patterns in rules/confidence/judge.toml) and, for translation catalogues whose names say nothing,
// from its content. Worked out once per fragment, and only when the fragment has findings.
import { dataRegex, type Applied, type JudgeSpec } from './types.js';

export interface FileFeature {
  test: (path: string) => boolean;
  applied: Applied;
}

export function compileFileFeatures(spec: JudgeSpec): FileFeature[] {
  return spec.file.map((f) => {
    const res = (f.paths ?? []).map((p) => dataRegex(p, 'i'));
    return { test: (path: string) => res.some((r) => r.test(path)), applied: { id: f.id, weight: f.weight ?? 0, reason: f.reason, group: f.group } };
  });
}

/**
 * A line of a catalogue, with its value: `"KEY": "value",` / `key: 'value'` / `key = "value"` (a
 * quoted value), or `key=value` in a .properties file.
 */
const KEY_VALUE = /^[ \t]*["']?[\w.\-]{1,80}["']?[ \t]*[:=][ \t]*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')[ \t]*,?[ \t]*$/;
const PROPERTIES_LINE = /^[ \t]*[\w.\-]{1,80}[ \t]*[:=][ \t]*(.*)$/;
/** Prose: non-ASCII letters, or two words with nothing that code or commands are made of. */
const TWO_WORDS = /[A-Za-z]{2}[ \t]+[A-Za-z]{2}/;
const CODE_CHARS = /[(){}\[\];$=<>|&\\/`]/;
const NON_ASCII_CHAR = /[^\x00-\x7f]/;
const PROSE_VALUE = { test: (v: string) => NON_ASCII_CHAR.test(v) || (TWO_WORDS.test(v) && !CODE_CHARS.test(v)) };

/**
 * Whether most key/value lines of `text` hold prose (a space between words, or non-ASCII text):
 * a translation catalogue, whatever the file is called. Looks at no more than the first 2,000 lines.
 */
export function isCatalogue(text: string, spec: JudgeSpec['catalogue'], path = ''): boolean {
  const line = /\.properties$/i.test(path) ? PROPERTIES_LINE : KEY_VALUE;
  let kv = 0;
  let prose = 0;
  let start = 0;
  for (let n = 0; n < 2000 && start < text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start <= 400) {
      const m = line.exec(text.slice(start, end));
      const value = m && (m[1] ?? m[2]);
      if (value) {
        kv++;
        if (PROSE_VALUE.test(value)) prose++;
      }
    }
    start = end + 1;
  }
  return kv >= spec.minLines && prose >= kv * spec.minShare;
}

/**
 * The line ranges (0-based, both ends included) of a module's documentation blocks: a triple-quoted
 * string assigned to a documentation constant (Ansible's EXAMPLES = r''' ... '''). `start` is a
 * global regex finding a block's opening, its last group the quote that closes it.
 */
export function docBlocks(text: string, start: RegExp): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  // lines are counted once, forward, as the blocks come in order
  let line = 0;
  let at = 0;
  const lineAt = (offset: number): number => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
    }
    return line;
  };
  start.lastIndex = 0;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const quote = m[m.length - 1];
    const end = text.indexOf(quote, m.index + m[0].length);
    const stop = end === -1 ? text.length : end;
    spans.push([lineAt(m.index), lineAt(stop)]);
    start.lastIndex = stop + quote.length;
  }
  return spans;
}
