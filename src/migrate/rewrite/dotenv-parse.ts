// A .env parser that keeps offsets: used by the .env rewriter (to know a span is inside a value) and by
// `leakguard exec` (to read values). Semantics follow the common dotenv dialect:
//   [export] NAME=value      NAME = value      # comment lines
//   unquoted values end at " #" or the end of line and are trimmed;
//   '...' and `...` are literal (may span lines); "..." may span lines and understands \n \r \t \" \\ \$.
export interface DotenvEntry {
  name: string;
  value: string;
  /** Offsets of the raw value text (inside quotes when quoted). */
  valueStart: number;
  valueEnd: number;
  quote: '' | '"' | "'" | '`';
  line: number;
}

export interface DotenvParse {
  entries: DotenvEntry[];
  /** 1-based lines that are neither blank, comment nor an assignment. */
  badLines: number[];
  /** 1-based lines where a quoted value never closes. */
  unterminated: number[];
}

const NAME = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

export function parseDotenv(text: string): DotenvParse {
  const entries: DotenvEntry[] = [];
  const badLines: number[] = [];
  const unterminated: number[] = [];
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const raw = text.slice(pos, eol).replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      pos = eol + 1;
      line++;
      continue;
    }
    const m = NAME.exec(raw);
    if (!m) {
      badLines.push(line);
      pos = eol + 1;
      line++;
      continue;
    }
    const name = m[1]!;
    const vStart = pos + m[0].length;
    const q = text[vStart];
    if (q === '"' || q === "'" || q === '`') {
      let i = vStart + 1;
      let value = '';
      let closed = false;
      while (i < n) {
        const c = text[i]!;
        if (c === q) {
          closed = true;
          break;
        }
        if (c === '\\' && q === '"' && i + 1 < n) {
          const d = text[i + 1]!;
          value += d === 'n' ? '\n' : d === 'r' ? '\r' : d === 't' ? '\t' : d === '"' || d === '\\' || d === '$' ? d : '\\' + d;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      const startLine = line;
      if (!closed) {
        badLines.push(startLine);
        unterminated.push(startLine);
        pos = eol + 1;
        line++;
        continue;
      }
      for (let k = vStart; k < i; k++) if (text[k] === '\n') line++;
      entries.push({ name, value, valueStart: vStart + 1, valueEnd: i, quote: q, line: startLine });
      // rest of the line after the closing quote: only whitespace or a comment
      let rest = text.indexOf('\n', i);
      if (rest < 0) rest = n;
      const tail = text.slice(i + 1, rest).replace(/\r$/, '').trim();
      if (tail !== '' && !tail.startsWith('#')) badLines.push(line);
      pos = rest + 1;
      line++;
      continue;
    }
    let valueRaw = text.slice(vStart, pos + raw.length);
    const hash = valueRaw.search(/[ \t]#/);
    if (hash >= 0) valueRaw = valueRaw.slice(0, hash);
    const value = valueRaw.trim();
    const lead = valueRaw.length - valueRaw.trimStart().length;
    entries.push({ name, value, valueStart: vStart + lead, valueEnd: vStart + lead + value.length, quote: '', line });
    pos = eol + 1;
    line++;
  }
  return { entries, badLines, unterminated };
}
