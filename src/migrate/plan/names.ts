// Secrets Manager names: validation against the service's rules (checked here because local
// emulators accept names AWS rejects), the default prefix, and the per-file resource part.
import { basename } from 'node:path';

const NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;
/** AWS appends "-" + 6 random characters to form the ARN; a name ending like that is ambiguous. */
const ARN_SUFFIX_LIKE = /-[A-Za-z0-9/_+=.@-]{6}$/;

/** Why `name` is not a valid Secrets Manager name, or null when it is. */
export function secretNameProblem(name: string): string | null {
  if (name.length === 0) return 'a secret name cannot be empty';
  if (name.length > 512) return `secret name is ${name.length} characters long; the limit is 512`;
  if (!NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !/[A-Za-z0-9/_+=.@-]/.test(c)) ?? '';
    return `secret name '${name}' contains '${bad}'; only letters, digits and /_+=.@- are allowed`;
  }
  if (ARN_SUFFIX_LIKE.test(name)) return `secret name '${name}' must not end with a hyphen followed by six characters`;
  return null;
}

/** Why `prefix` cannot start secret names, or null. */
export function prefixProblem(prefix: string): string | null {
  if (prefix.length === 0) return '--prefix cannot be empty';
  if (prefix.length > 400) return '--prefix is too long (at most 400 characters)';
  if (!NAME_CHARS.test(prefix)) {
    const bad = [...prefix].find((c) => !/[A-Za-z0-9/_+=.@-]/.test(c)) ?? '';
    return `--prefix '${prefix}' contains '${bad}'; only letters, digits and /_+=.@- are allowed`;
  }
  if (prefix.startsWith('/')) return `--prefix '${prefix}' must not start with '/'`;
  if (prefix.includes('//')) return `--prefix '${prefix}' must not contain '//'`;
  return null;
}

/** Lower-case slug of letters, digits and hyphens. */
function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Default prefix `<app>/<env>` from the repository directory name, e.g. "myapp/dev". */
export function defaultPrefix(repoRoot: string, env = 'dev'): string {
  const app = slug(basename(repoRoot)) || 'app';
  return `${app.slice(0, 100)}/${env}`;
}

/** If a derived name ends in "-" + 6 characters, swap that hyphen for "_" so AWS accepts it. */
function avoidArnSuffix(name: string): string {
  if (!ARN_SUFFIX_LIKE.test(name)) return name;
  const i = name.length - 7;
  return name.slice(0, i) + '_' + name.slice(i + 1);
}

/** Resource part of a name for a repo-relative path: "config.py" -> "config-py", "app/.env" -> "app/env". */
export function resourceForPath(path: string): string {
  const parts = path
    .split('/')
    .map((p) => slug(p))
    .filter((p) => p.length > 0);
  return parts.join('/') || 'file';
}

/**
 * The secret name for a file under `prefix`. `taken` holds names already given out in this plan;
 * a clash (".env" and "env" both give "env") gets a numeric suffix.
 */
export function secretNameFor(prefix: string, path: string, taken: Set<string>): string {
  const base = `${prefix.replace(/\/+$/, '')}/${resourceForPath(path)}`;
  let budget = 512;
  let name = avoidArnSuffix(base.slice(0, budget));
  for (let n = 2; taken.has(name); n++) {
    const suffix = `_${n}`;
    budget = 512 - suffix.length;
    name = avoidArnSuffix(base.slice(0, budget) + suffix);
  }
  taken.add(name);
  return name;
}
