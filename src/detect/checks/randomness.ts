// Checks that a value assigned to a secret-ish name reads as random characters rather than a name,
// a word or a digest, for the generic rules (rules/90-generic.toml).
import { CODE_FILE, type ValueCheck } from './shared.js';

/**
 * Letters and digits or symbols (what mixed-chars asks), or letters alone in random case; in a
 * source file, letters alone only when quoted (bare, they are a name in an expression).
 */
export const randomChars: ValueCheck = (v, ctx) => {
  // lower-case words joined by colons name something (a rake task, a scope, a cache key): doorkeeper:setup, read:org
  if (/^[a-z]+(?::[a-z]+)+$/.test(v)) return false;
  if (/[A-Za-z]/.test(v) && /[0-9]|[^A-Za-z0-9_.\-/\s]/.test(v)) return true;
  if (!randomCaseLetters(v)) return false;
  if (ctx.path && CODE_FILE.test(ctx.path) && !new RegExp(`["'\`]${v}["'\`]`).test(ctx.line)) return false;
  return true;
};

/**
 * Letters only, 20 or more, with upper and lower case switching at random places
 * ("lIqHZeSrxBqBHxuLrQeqrWxm"): capitals side by side or a single small letter between two,
 * not only capitals where a name starts its words ("ThisIsMyVeryLongSecretName"). Names with acronyms are left to not-identifier.
 */
export function randomCaseLetters(v: string): boolean {
  if (!/^[A-Za-z]{20,}$/.test(v)) return false;
  const isUp = (i: number) => v[i] >= 'A' && v[i] <= 'Z';
  let switches = 0;
  let odd = 0; // capitals side by side, and single small letters between capitals ("AbC")
  for (let i = 1; i < v.length; i++) {
    if (isUp(i) !== isUp(i - 1)) switches++;
    else if (isUp(i)) odd++;
    if (i + 1 < v.length && !isUp(i) && isUp(i - 1) && isUp(i + 1)) odd++;
  }
  return switches * 4 >= v.length && odd >= 3;
}

/** Names a value is assigned to that say the value is public, an identifier or a lookup key. */
const NOT_SECRET_KEY_NAME =
  /(?:^|[^a-z])(?:public|pub|encrypted|wrapped|primary|foreign|sort|partition|range|hash|cache|idempotency|dedup|lookup|index|map|object|storage|file|item|row|column|field|group|route|routing|query|search|hot|short|shortcut|gpg|pgp|repo|apt|verify|verification|host|ssh|fingerprint|api|site|website|recaptcha|captcha|turnstile|web_?socket)(?:[^a-z]|$)|publickey|pubkey|sitekey|repokey|hostkey|keyid|key_?id|keyname|key_?name|keystore|keyboard|keyword|keyframe|keycode|keypress|keydown|keyup|monkey|turkey|donkey|hockey|jockey|whiskey/i;

/** A key name with its camelCase humps split (secretKey -> secret_Key), quotes and brackets dropped. */
const normalizedKey = (key: string | undefined) => (key ?? '').replace(/["'`[\]]/g, '').replace(/([a-z])([A-Z])/g, '$1_$2');

/**
 * For a value under a name that ends in "key": random enough to be key material. Base64 with its
 * symbols or mixed case and digits, 20 to 512 characters; hex of 32 or more only under a name that
 * says encryption or authentication (an AES or HMAC key), since hex under any other name is as
 * often a digest. Names of public keys, identifiers and lookup keys never count.
 */
export const keyMaterial: ValueCheck = (v, ctx) => {
  const key = normalizedKey(ctx.key);
  if (NOT_SECRET_KEY_NAME.test(key)) return false;
  // a key on a line about a public key: PublicKey(key_id=..., key="...")
  if (/public[_ -]?key/i.test(ctx.line)) return false;
  if (/^[0-9a-fA-F]+$/.test(v)) return v.length >= 32 && /(?:secret|encrypt|crypt|cipher|aes|hmac|master|private|session|auth|access|client|app|certificate|cert|token|jwt|sign)/i.test(key);
  if (!/^[A-Za-z0-9+/_=-]{20,512}$/.test(v)) return false;
  // base64 of a PEM block ("LS0tLS1CRUdJTi..."): the encoded-value pass scans the key it holds
  if (v.startsWith('LS0tLS1')) return false;
  const upper = /[A-Z]/.test(v);
  const lower = /[a-z]/.test(v);
  const digit = /[0-9]/.test(v);
  const symbols = /[+/]/.test(v) || /={1,2}$/.test(v);
  return upper && lower && digit && (symbols || v.length >= 24);
};

/** The name is not one of a public key, an identifier or a lookup key (setPublicKey, setCacheKey). */
export const notPublicKeyName: ValueCheck = (_v, ctx) => !NOT_SECRET_KEY_NAME.test(normalizedKey(ctx.key));
