// INI-style files (.ini, .cfg, .conf, .properties): the secret inside a value becomes `aws-sm://<secret>#<key>`;
// in Spring application*.properties it becomes ${KEY} (no default: Spring will not start without it), with the
// reference on a comment line above, so Spring reads the variable `leakguard exec` sets.
import type { Rewriter } from '../types.js';
import { envNameForKey, READ_BY_APP_NOTE, springReferenceComment, springRequired } from '../references.js';
import { lineStarts, lineOf } from './locate.js';
import { spliceRewrite } from './splice.js';
import { isSpringPath } from './yaml.js';

export function isIniPath(path: string): boolean {
  return /\.(ini|cfg|cnf|conf|properties|toml)$/i.test(path);
}

interface Line {
  start: number;
  end: number;
  /** Offset where the value starts (after the separator), or -1 for non-assignments. */
  valueStart: number;
  kind: 'blank' | 'comment' | 'section' | 'pair' | 'continuation' | 'bad';
}

function scanLines(text: string, properties: boolean, toml: boolean): Line[] {
  const starts = lineStarts(text);
  const out: Line[] = [];
  let continued = false;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const nextStart = i + 1 < starts.length ? starts[i + 1]! : text.length;
    let e = nextStart;
    while (e > s && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
    const line = text.slice(s, e);
    const t = line.trim();
    let kind: Line['kind'];
    let valueStart = -1;
    if (continued) {
      kind = 'continuation';
      valueStart = s;
    } else if (t === '') kind = 'blank';
    else if (t.startsWith('#') || t.startsWith(';') || (properties && t.startsWith('!'))) kind = 'comment';
    else if (!properties && /^\[.*\]\s*([#;].*)?$/.test(t)) kind = 'section';
    else {
      const m = properties
        ? /^\s*(?:\\.|[^\s:=\\])+\s*[:=\s]\s*/.exec(line)
        : toml
          ? /^\s*[A-Za-z0-9_.\-"' ]+?\s*=\s*/.exec(line)
          : /^\s*[^=:\s][^=:]*?\s*[=:]\s*/.exec(line);
      if (m) {
        kind = 'pair';
        valueStart = s + m[0].length;
      } else if (!properties && !toml && /^\s+\S/.test(line) && out.length && out[out.length - 1]!.kind === 'pair') {
        kind = 'continuation';
        valueStart = s;
      } else kind = 'bad';
    }
    continued = properties && kind !== 'comment' && /(^|[^\\])(\\\\)*\\$/.test(line);
    out.push({ start: s, end: e, valueStart, kind });
  }
  return out;
}

async function badLine(text: string, path: string): Promise<string | null> {
  if (/\.toml$/i.test(path)) {
    try {
      (await import('smol-toml')).parse(text);
      return null;
    } catch (e) {
      return `TOML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
    }
  }
  // .properties accepts any line; .cfg/.conf are often not INI at all: only .ini is held to the grammar
  if (!/\.ini$/i.test(path)) return null;
  const lines = scanLines(text, false, false);
  const bad = lines.findIndex((l) => l.kind === 'bad');
  return bad >= 0 ? `line ${bad + 1} is neither a section, comment nor key=value` : null;
}

export const iniRewriter: Rewriter = {
  id: 'ini',
  handles: (path) => isIniPath(path),
  async rewrite(req) {
    const properties = /\.properties$/i.test(req.path);
    const toml = /\.toml$/i.test(req.path);
    const spring = properties && isSpringPath(req.path);
    const lines = scanLines(req.text, properties, toml);
    const starts = lineStarts(req.text);
    const badBefore = new Set(lines.filter((l) => l.kind === 'bad').map((l) => l.start));
    return spliceRewrite(req, {
      label: properties ? '.properties' : toml ? 'TOML' : 'INI',
      fileNote: spring ? undefined : READ_BY_APP_NOTE,
      readByApp: !spring,
      check(span) {
        const l = lines[lineOf(starts, span.start) - 1];
        if (!l || (l.kind !== 'pair' && l.kind !== 'continuation')) return 'value is not on a key=value line';
        if (span.start < l.valueStart || span.end > l.end) return 'value is not inside the value part of its line';
        // the reference's comment goes on the line above: not between a line and its continuation
        if (spring && l.kind === 'continuation') return 'Spring value on a continuation line';
        let v = req.text.slice(l.valueStart, l.end);
        if (toml) {
          const q = v[0];
          if (q !== '"' && q !== "'") return 'TOML value is not a string';
          v = v.replace(/\s*#.*$/, '').slice(1, -1);
        }
        return { whole: v.trim() === span.item.finding.secret };
      },
      wrap(ref, span) {
        return spring ? springRequired(envNameForKey(span.item.key)) : ref;
      },
      lineBefore(ref, span) {
        return spring ? springReferenceComment(envNameForKey(span.item.key), ref) : undefined;
      },
      async validate(text) {
        const after = scanLines(text, properties, toml).filter((l) => l.kind === 'bad');
        // line starts shift by the edits; compare counts only
        if (after.length > badBefore.size) return 'a line is no longer key=value';
        return toml ? badLine(text, req.path) : null;
      },
    });
  },
  validate: (path, text) => badLine(text, path),
};
