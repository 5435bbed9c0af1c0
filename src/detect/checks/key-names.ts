// Checks on the name a value is assigned to: a name about a secret (its length, its file, its
// reset URL) rather than the secret, and a value that is itself a key name.
import { CODE_FILE, type ValueCheck } from './shared.js';

/**
 * Words that, following the secret word in a name, say the name holds something *about* the secret
 * (its length, a reset URL, the file or key where it lives), not the secret: PASSWORD_MIN_LENGTH,
 * passwordResetUrl, SMTP_PASSWORD_FILE, passwordSecretName, PASSWORD_PROPERTY. A confirmation
 * (password_confirmation: "...") repeats the password itself, so `confirmation` is not one of them.
 */
const META_WORDS =
  'length|len|min|max|minlength|maxlength|size|policy|policies|hash|hashed|hasher|hashers|digest|reset|file|path|dir|url|uri|link|href|route|endpoint|field|fields|prop|property|properties|param|parameter|name|names|key|keys|id|ref|env|var|variable|column|col|label|prompt|hint|placeholder|title|text|message|msg|error|errors|help|description|desc|regex|regexp|pattern|rule|rules|validator|validators|validation|strength|score|mode|type|enabled|disabled|required|optional|expiry|expires|expiration|expire|age|ttl|timeout|lifetime|changed|updated|attempts|retries|count|format|encoder|encoding|algorithm|algo|scheme|rounds|iterations|cost|visible|visibility|show|toggle|input|form|confirmed|match|matches|widget|icon|class|style|selector|template|flag|command|cmd|store|manager|provider|map|maps|mapping|source|arn|secret_name|secretname|secretid|location|header|cookie|storage|bucket|count|version|changed_at|updated_at|set|separator|namespace|prefix|suffix|selectors|extract|dictionary|history|personal|data|argon2|argon2i|argon2id|bcrypt|scrypt|pbkdf2|driver|backend|lock|lockout|time|delay|interval|duration|period|identity|chars|characters|charset|alphabet|symbols|sent|separator|realm|host|hosts|username|connector|alg|complexity|encoded|strategy|method|methods|option|options|report|reports';
const META_SET = new Set(META_WORDS.split('|'));
const META_MAX = Math.max(...[...META_SET].map((w) => w.length));
/** Password managers named like a password setting (OnePassword, LastPass, KeePass, NordPass). */
const PASSWORD_MANAGERS = new Set(['1password', 'onepassword', 'lastpass', 'keepass', 'keepassxc', 'keepassx', 'nordpass', 'enpass', 'protonpass', 'applepasswords', 'ipasswords', 'icloudpasswords', 'googlepasswordmanager', 'stickypassword', 'passwordboss', 'mypasswords']);
const SECRET_WORDS = ['pass', 'password', 'passwd', 'passphrase', 'passcode', 'pwd', 'pw', 'secret', 'token', 'key', 'credential', 'auth'];

/**
 * Whether `name` ends with a secret word (optionally plural) followed by one or more meta words,
 * each optionally after one of `seps`: PASSWORD_MIN_LENGTH, password.reset.url, passwordresetlink.
 * Words are compared as `fold` gives them (lower case, or as written for camelCase names, where
 * every meta word must start with a capital). A word-break search from the end: what a regex of
 * the whole word list did, without compiling one (milliseconds on the pre-commit path).
 */
function endsWithMeta(name: string, seps: string, camel: boolean): boolean {
  const n = name.length;
  // ok[i]: name[i..n) is a sequence of (separator? meta word).
  const ok = new Uint8Array(n + 1);
  ok[n] = 1;
  const wordAt = (i: number, j: number): boolean => {
    const w = name.slice(i, j);
    if (camel) return /^[A-Z][a-z]+$/.test(w) && META_SET.has(w.toLowerCase());
    return META_SET.has(w.toLowerCase());
  };
  let any = false;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j <= Math.min(n, i + META_MAX + 1) && !ok[i]; j++) {
      if (!ok[j]) continue;
      if (wordAt(i, j) || (seps.includes(name[i]) && j > i + 1 && wordAt(i + 1, j))) ok[i] = 1;
    }
    if (!ok[i] || i === 0) continue;
    // A secret word (plural or not) ends at i.
    const head = camel ? name.slice(0, i) : name.slice(0, i).toLowerCase();
    for (const sw of SECRET_WORDS) {
      const w = camel ? sw[0].toUpperCase() + sw.slice(1) : sw;
      if (head.endsWith(w) || head.endsWith(w + 's')) {
        any = true;
        break;
      }
    }
    if (any) return true;
  }
  return false;
}

/** The name the value is assigned to holds a real secret, not metadata about one. */
export const notMetaKey: ValueCheck = (_v, ctx) => {
  const k = ctx.key?.replace(/["'`\]\[]/g, '').trim();
  if (!k) return true;
  if (/password_?(?:hash|digest)|password_validators?|validators?$/i.test(k)) return false;
  // a password manager's name as the whole name (an enum of brands, an importer's option)
  if (PASSWORD_MANAGERS.has(k.split(/[.>\]]/).pop()!.toLowerCase().replace(/[^a-z0-9]/g, ''))) return false;
  // the salt a password is hashed with, and its separator (passwordSalt, password_salt_separator): hash parameters
  if (/pass(?:word|wd)?[_.-]?salt/i.test(k)) return false;
  // a number of seconds, tries or characters about the secret, whatever words come between (PASSWORD_CONFIRM_TIMEOUT)
  if (/(?:pass(?:word)?|pwd|secret|token)[\w.-]*[_.-](?:timeout|ttl|lifetime|interval|expiry|expiration|expires|expire|age|attempts|retries|length|len)$/i.test(k.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))) return false;
  // Helm's existingSecret, existingSecretPasswordKey: the name of a Secret kept elsewhere, or of a key in it
  if (/^existing[A-Z_-]/.test(k) || /(?:^|[._-])existing[_-]/i.test(k)) return false;
  // passwordless, keyless, tokenless: a name about doing without the secret (webAuthnPolicyPasswordlessRpEntityName)
  if (/(?:pass(?:word)?|passwd|secret|token|key|credential)s?less/i.test(k)) return false;
  if (/csrf|xsrf|public|publishable|(?:^|[_.-])pub(?:lic)?[_.-]/i.test(k)) return false; // anti-forgery tokens and public keys are not secrets
  // snake/kebab/dot names: check the tail after the last secret word
  if (endsWithMeta(k.replace(/([a-z0-9])([A-Z])/g, '$1_$2'), '_.-', false) || endsWithMeta(k, '_.-', false)) {
    // ...but KEY after a secret word is part of the name (secret_key, api_key)
    const lower = k.toLowerCase().replace(/([a-z0-9])([A-Z])/g, '$1_$2');
    if (/(?:secret|api|access|private|signing|encryption|master|app|auth)[_.-]?keys?$/.test(lower)) return true;
    if (/(?:secret|access|auth|api|bearer|refresh|session)[_.-]?tokens?$/.test(lower)) return true;
    return false;
  }
  if (endsWithMeta(k, '', true)) return false;
  return true;
};

/** Not a config key or field name standing where a value would: "db.password", "DB_PASSWORD". */
export const notKeyName: ValueCheck = (v, ctx) => {
  const s = v.trim();
  const secretWord = /pass|pwd|secret|token|key|cred|auth/i;
  if (!secretWord.test(s)) return true;
  // db.password, spring.datasource.password; a suffix joined to a prefix in code (PREFIX + ".tls.keyPassword")
  if (/^\.?[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+$/i.test(s) && /\./.test(s) && !/\d/.test(s)) return false;
  if (/^[a-z]+(?:_[a-z]+)*_?(?:password|passwd|pwd|secret|token)$/.test(s) && /_/.test(s) && s.length <= 40 && /^(?:db|database|user|admin|api|app|smtp|mail|redis|root|ldap|ftp|ssh|master|client|auth|access|secret|default|my|the|new|old|current)_/.test(s)) return false; // db_password as a name
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(s)) return false; // DB_PASSWORD
  // x-aws-ec2-metadata-token, X-Amz-Security-Token, session_token_header: word segments naming a
  // secret. Not in a configuration file a value joined by underscores alone: there it is a literal
  // (REDIS_PASSWORD: budibase_redis_password in a compose file); the header and key names code
  // passes around are kebab or dotted, or sit in code.
  const inConfig = ctx.path !== undefined && !CODE_FILE.test(ctx.path) && !/[-.]/.test(s);
  const segs = s.split(/[-_.]/);
  if (!inConfig && segs.length >= 2 && segs.every((g) => /^[A-Za-z0-9]{1,14}$/.test(g)) && segs.some((g) => /^(?:token|secret|key|password|passwd|pwd|auth|credentials?)$/i.test(g)) && segs.filter((g) => /^[A-Za-z]+\d?$/.test(g)).length >= segs.length - 1) return false;
  if (/^\.?[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(s) && /(?:Password|Secret|Token|Key)$/.test(s)) return false; // dbPassword, .certPrivateKeyPassword
  return true;
};
