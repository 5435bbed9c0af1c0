// The one reference syntax leakguard writes into configuration files (.env, YAML, JSON, INI, .properties,
// docker-compose) in place of a secret value, and that `leakguard exec` resolves:
//
//     aws-sm://<secret-name>#<json-key>          e.g.  DB_PASSWORD=aws-sm://myapp/dev/env#DB_PASSWORD
//
// <secret-name> uses only Secrets Manager's name characters (letters, digits and /_+=.@-), so neither ':' nor '#'
// can occur in it and the reference splits unambiguously. The key is percent-encoded when it holds characters
// outside [A-Za-z0-9_.-]. The form needs no quoting in YAML plain scalars, INI or .properties (in .env it is
// quoted: dotenv loaders end an unquoted value at '#'), is not expanded by a POSIX shell, and holds nothing random-looking (a name and a key), so scanners do not flag it.
//
// Where a format has its own environment indirection the value is wrapped so the application reads the
// environment variable that `leakguard exec` sets. Where the format can refuse to start without it,
// the reference travels in the error (a reference is public: it must never become the value):
//     docker-compose:     ${DB_PASSWORD:?run under leakguard exec to set it from aws-sm://myapp/dev/compose#DB_PASSWORD}
//     Rails YAML (ERB):   <%= ENV.fetch('DB_PASSWORD') { raise 'DB_PASSWORD is not set: run under leakguard exec to set it from aws-sm://…' } %>
// Spring placeholders cannot fail with a message of their own, so the value becomes a placeholder with no
// default (Spring refuses to start: "Could not resolve placeholder") and the reference rides on a comment
// line above it, where `leakguard exec` and `migrate --check` read it:
//     # leakguard: spring_datasource_password is set by leakguard exec from aws-sm://myapp/dev/application#spring.datasource.password
//     spring.datasource.password=${spring_datasource_password}
// (files written by earlier versions, `${VAR:ref}`, `${VAR:-ref}` and `ENV.fetch('VAR', 'ref')`, are still read).

export const REFERENCE_SCHEME = 'aws-sm://';

/** Matches one reference anywhere in text; group 1 = secret name, group 2 = encoded key. */
export const REFERENCE_PATTERN = /aws-sm:\/\/([A-Za-z0-9/_+=.@-]{1,512})#([A-Za-z0-9_.%-]+)/g;

export interface SecretReference {
  secretName: string;
  key: string;
}

function encodeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, (c) =>
    Array.from(Buffer.from(c, 'utf8'))
      .map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'))
      .join(''),
  );
}

function decodeKey(enc: string): string {
  try {
    return decodeURIComponent(enc);
  } catch {
    return enc;
  }
}

export function formatReference(secretName: string, key: string): string {
  return `${REFERENCE_SCHEME}${secretName}#${encodeKey(key)}`;
}

/** Parse a whole value that is exactly one reference (surrounding whitespace allowed). */
export function parseReference(value: string): SecretReference | undefined {
  const m = /^\s*aws-sm:\/\/([A-Za-z0-9/_+=.@-]{1,512})#([A-Za-z0-9_.%-]+)\s*$/.exec(value);
  if (!m) return undefined;
  return { secretName: m[1]!, key: decodeKey(m[2]!) };
}

/** Every reference in a text, with its offsets. */
export function findReferences(text: string): Array<SecretReference & { start: number; end: number }> {
  const out: Array<SecretReference & { start: number; end: number }> = [];
  for (const m of text.matchAll(REFERENCE_PATTERN)) {
    out.push({ secretName: m[1]!, key: decodeKey(m[2]!), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** A valid environment variable name to carry a key's value (keys are usually already such names). */
export function envNameForKey(key: string): string {
  let n = key.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(n)) n = '_' + n;
  return n || 'SECRET';
}

/**
 * Environment-indirection forms: the Spring comment line (`# leakguard: VAR is set by leakguard exec
 * from ref`), `${VAR:?… ref}` and `${VAR:-ref}` (compose / shell), `${VAR:ref}` (Spring, earlier versions), `ENV.fetch('VAR') { raise '… ref' }` and `ENV.fetch('VAR', 'ref')` (Rails ERB). Each
 * names the variable `leakguard exec` must set.
 */
const INDIRECTION_PATTERNS: RegExp[] = [
  /# leakguard: ([A-Za-z_][A-Za-z0-9_]*) is set by leakguard exec from (aws-sm:\/\/[A-Za-z0-9/_+=.@-]{1,512}#[A-Za-z0-9_.%-]+)/g,
  /\$\{([A-Za-z_][A-Za-z0-9_]*):-?(aws-sm:\/\/[A-Za-z0-9/_+=.@-]{1,512}#[A-Za-z0-9_.%-]+)\}/g,
  /\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}\n]{0,200}?(aws-sm:\/\/[A-Za-z0-9/_+=.@-]{1,512}#[A-Za-z0-9_.%-]+)[^}\n]{0,200}\}/g,
  /ENV\.fetch\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*,\s*['"](aws-sm:\/\/[A-Za-z0-9/_+=.@-]{1,512}#[A-Za-z0-9_.%-]+)['"]\s*\)/g,
  /ENV\.fetch\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\)\s*\{[^}\n]{0,300}?(aws-sm:\/\/[A-Za-z0-9/_+=.@-]{1,512}#[A-Za-z0-9_.%-]+)[^}\n]{0,100}\}/g,
];

/** Compose interpolation that takes the variable `leakguard exec` sets, and refuses to start without it. */
export function composeRequired(env: string, ref: string): string {
  return `\${${env}:?run under leakguard exec to set it from ${ref}}`;
}

/** Rails ERB that takes the variable `leakguard exec` sets, and raises a clear error without it. */
export function railsRequired(env: string, ref: string): string {
  return `<%= ENV.fetch('${env}') { raise '${env} is not set: run under leakguard exec to set it from ${ref}' } %>`;
}

/** Spring: a placeholder with no default (startup fails without the variable), and the comment line above it. */
export function springRequired(env: string): string {
  return `\${${env}}`;
}

/** The comment line (with its line break) that carries a Spring placeholder's reference; `#` comments in .properties and YAML. */
export function springReferenceComment(env: string, ref: string): string {
  return `# leakguard: ${env} is set by leakguard exec from ${ref}\n`;
}

/** What an app that reads a config file itself must do with the references migrate wrote into it. */
export const READ_BY_APP_NOTE =
  'the app reads this file itself: pass the loaded config through resolve_secrets(config) (Python, leakguard_secrets.py) or await resolveSecrets(config) (Node, leakguard-secrets.*) where it loads the file, or run it under leakguard exec and read the values from the environment; until then it would read the aws-sm:// reference as the value';

/** References with the environment variable each should be exported as. */
export function findEnvBindings(text: string): Array<SecretReference & { envName: string; start: number; end: number }> {
  const out: Array<SecretReference & { envName: string; start: number; end: number }> = [];
  const covered: Array<[number, number]> = [];
  for (const re of INDIRECTION_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const ref = parseReference(m[2]!);
      if (!ref) continue;
      const start = m.index!;
      const end = start + m[0].length;
      covered.push([start, end]);
      out.push({ ...ref, envName: m[1]!, start, end });
    }
  }
  for (const r of findReferences(text)) {
    if (covered.some(([s, e]) => r.start >= s && r.end <= e)) continue;
    out.push({ ...r, envName: envNameForKey(r.key) });
  }
  return out.sort((a, b) => a.start - b.start);
}
