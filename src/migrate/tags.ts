// `migrate --tag KEY=VALUE` (repeatable): the user's tags on every secret migrate stores, beside its
// own `created-by` and `source-path`. AWS may log tags in clear, so a tag may hold no found value
// (checked in the migrate command) and must follow Secrets Manager's tag rules.
import { UserError } from '../types.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** Tags leakguard sets itself. */
export const OWN_TAG_KEYS = ['created-by', 'source-path'];

// Letters, digits, spaces and _ . : / = + - @ (Secrets Manager's tag characters).
const TAG_CHARS = /^[\p{L}\p{N}\p{Z}_.:/=+\-@]*$/u;

export function parseTags(specs: string[]): Tag[] {
  const out: Tag[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UserError(`--tag: expected KEY=VALUE, got '${spec.slice(0, 40)}'`);
    const Key = spec.slice(0, eq).trim();
    const Value = spec.slice(eq + 1).trim();
    if (Key.length > 128 || Value.length > 256) throw new UserError(`--tag ${Key.slice(0, 40)}: a key has at most 128 characters, a value 256`);
    if (!TAG_CHARS.test(Key) || !TAG_CHARS.test(Value)) throw new UserError(`--tag ${Key.slice(0, 40)}: tags hold letters, digits, spaces and _ . : / = + - @ only`);
    if (/^aws:/i.test(Key)) throw new UserError(`--tag ${Key}: the aws: prefix is reserved for AWS`);
    if (OWN_TAG_KEYS.includes(Key)) throw new UserError(`--tag ${Key}: leakguard sets this tag itself`);
    if (out.some((t) => t.Key === Key)) throw new UserError(`--tag ${Key}: given twice`);
    out.push({ Key, Value });
  }
  return out;
}
