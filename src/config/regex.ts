// Turns rule regex sources into JavaScript RegExps. Built-in rules are written in JavaScript syntax;
// a leading `(?i)` (as in gitleaks configs) becomes the `i` flag. Go/RE2-only syntax is translated
// by src/regex/go-translate.ts when loading gitleaks configs.
import { UserError } from '../types.js';

export function compileRegex(source: string, where: string, extraFlags = ''): RegExp {
  let src = source;
  let flags = extraFlags;
  const m = /^\(\?([imsx]+)\)/.exec(src);
  if (m) {
    src = src.slice(m[0].length);
    for (const f of m[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(src, flags);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    throw new UserError(`${where}: invalid regex: ${why}`);
  }
}
