// .env files: the secret inside the value becomes the reference `aws-sm://<secret>#<key>` (quotes kept),
// resolved at run time by `leakguard exec -- COMMAND`.
import type { Rewriter } from '../types.js';
import { baseName } from './locate.js';
import { parseDotenv } from './dotenv-parse.js';
import { spliceRewrite } from './splice.js';

export function isDotenvPath(path: string): boolean {
  const b = baseName(path).toLowerCase();
  return b === '.env' || b.startsWith('.env.') || b.endsWith('.env');
}

export const dotenvRewriter: Rewriter = {
  id: 'dotenv',
  handles: (path) => isDotenvPath(path),
  rewrite(req) {
    const parsed = parseDotenv(req.text);
    return spliceRewrite(req, {
      label: '.env',
      check(span) {
        const e = parsed.entries.find((x) => span.start >= x.valueStart && span.end <= x.valueEnd);
        if (!e) return 'value is not inside a NAME=value assignment';
        if (e.quote === '"' && req.text.slice(e.valueStart, e.valueEnd).includes('\\')) {
          // escapes: only safe when the secret itself holds none
          if (span.item.finding.secret.includes('\\')) return 'value holds escape sequences';
        }
        return { whole: span.start === e.valueStart && span.end === e.valueEnd };
      },
      // unquoted, dotenv loaders (python-dotenv, dotenv, compose's env_file) end the value at '#': quote it
      quoteValue(span) {
        const e = parsed.entries.find((x) => span.start >= x.valueStart && span.end <= x.valueEnd);
        if (!e || e.quote !== '') return undefined;
        const raw = req.text.slice(e.valueStart, e.valueEnd);
        if (!raw.includes("'")) return { start: e.valueStart, end: e.valueEnd, quote: "'" };
        if (!/["\\$]/.test(raw)) return { start: e.valueStart, end: e.valueEnd, quote: '"' };
        return undefined;
      },
      async validate(text) {
        const p = parseDotenv(text);
        const before = new Set(parsed.badLines);
        const added = p.badLines.filter((l) => !before.has(l));
        return added.length ? `line ${added[0]} is not NAME=value` : null;
      },
    });
  },
  async validate(_path, text) {
    // dotenv loaders skip lines they do not understand; only an unterminated quote swallows what follows
    const p = parseDotenv(text);
    return p.unterminated.length ? `unterminated quoted value at line ${p.unterminated[0]}` : null;
  },
};
