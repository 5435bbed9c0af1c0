// .env files: the secret inside the value becomes the reference `aws-sm://<secret>#<key>`, quoted (dotenv
// loaders end an unquoted value at '#'), resolved at run time by `leakguard exec -- COMMAND` (and by the
// loaders' resolve_environ() / resolveEnvSync() where the app loads the file with dotenv). A whole value that
// docker compose interpolates from this `.env` is left empty instead, with the reference on a comment line
// above (compose would otherwise pass the public reference on as the password; see compose-vars.ts).
import type { Rewriter } from '../types.js';
import { composeInterpolated } from './compose-vars.js';
import { baseName, dirName } from './locate.js';
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
    const entryOf = (start: number, end: number) => parsed.entries.find((x) => start >= x.valueStart && end <= x.valueEnd);
    const compose = baseName(req.path) === '.env' ? composeInterpolated(req.root, dirName(req.path)) : new Set<string>();
    /** A whole value compose interpolates: emptied, its reference on the line above. */
    const byComment = (span: { start: number; end: number }) => {
      const e = entryOf(span.start, span.end);
      return !!e && compose.has(e.name) && span.start === e.valueStart && span.end === e.valueEnd;
    };
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
      wrap(ref, span) {
        return byComment(span) ? '' : ref;
      },
      lineBefore(ref, span) {
        if (!byComment(span)) return undefined;
        return `# leakguard: ${entryOf(span.start, span.end)!.name} is set by leakguard exec from ${ref} (docker compose reads this file: the value stays empty)\n`;
      },
      // unquoted, dotenv loaders (python-dotenv, dotenv, compose's env_file) end the value at '#': quote it
      quoteValue(span) {
        const e = entryOf(span.start, span.end);
        if (!e || e.quote !== '' || byComment(span)) return undefined;
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
