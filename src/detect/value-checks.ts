// Named checks a captured value must pass, referenced from rules by name (`checks = [...]`).
// They hold the judgement that a regex alone cannot: is this a real value, or a placeholder,
// a reference to the environment, a type, a label, a key name? Checks on names and key bodies are
// in checks/.
import { longestRun, type ValueCheck } from './checks/shared.js';
export type { ValueCheck } from './checks/shared.js';

import { notKeyName, notMetaKey } from './checks/key-names.js';
import { plausibleKeyBody, plausibleKeyFragment } from './checks/key-body.js';
import { keyMaterial, notPublicKeyName, randomChars } from './checks/randomness.js';
import { WORDLIKE_BITS, wordBits } from './checks/word-bits.js';
export { notKeyName, notMetaKey, plausibleKeyBody, plausibleKeyFragment };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Locale and translation files (i18n/, locales/, lang/, translations/, l10n/, messages*.properties,
 * gettext .po/.pot, XLIFF, .strings, .resx, Flutter .arb): their values are UI text.
 */
const LOCALE_PATH =
  /(?:^|\/)(?:i18n|l10n|locales?|langs?|languages?|translations?|intl|messages)\/|(?:^|\/)messages(?:_[\w-]+)?\.properties$|(?:^|\/)(?:strings|resources?)(?:[._-][\w-]+)?\.(?:xml|resx|json)$|\.(?:po|pot|xlf|xliff|strings|stringsdict|resx|arb)$/i;

export function isLocalePath(path: string | undefined): boolean {
  return !!path && LOCALE_PATH.test(path.replace(/\\/g, '/'));
}

/** Words that stand where a value would (lower case). */
const PLACEHOLDER_WORDS = new Set(
  'changeme|change_me|change-me|placeholder|example|sample|dummy|test|testing|todo|tbd|fixme|none|null|nil|undefined|true|false|yes|no|redacted|removed|hidden|passed|failed|skipped|pending|done|x-oauth-basic|foo|bar|baz|qux|foobar|secret|password|passwd|pass|pwd|token|apikey|api_key|string|str|value|default|empty|required|optional'.split('|'),
);
/** Placeholder shapes beyond single words (kept small: a word list in a case-insensitive regex costs milliseconds to compile). */
const PLACEHOLDER_SHAPES = /^(?:replace[_-]?me|some[_-]?(?:pass|password|passwd|secret|token)\w{0,8}|your[_-]?\w*|my[_-]?(?:password|secret|token)|\w*[_-]here|enter[_ -]?\w*|insert[_ -]?\w*|put[_ -]?\w*|fill[_ -]?\w*)$/i;

/** Not a placeholder such as <password>, your-password-here, xxxx, ****, changeme. */
export const notPlaceholder: ValueCheck = (v) => {
  const s = v.trim();
  if (s.length < 2) return false; // "", "x": no credential is one character long
  if (!hasLetterOrDigit(s)) return false; // no letter or digit at all: ",.:-", "...", "***"
  if (/^(?:\.{3}|…)(?:[\s,;)\]}]|$)/.test(s)) return false; // elided where the value would be: "..., user=...)"
  if (/fake|dummy|Fake|Dummy|FAKE|DUMMY/.test(s)) return false;
  if (/^-?\d{1,3}$/.test(s)) return false; // 0, 1, 24, -1: flags and counts, not passwords
  if (/^(?:replace|change|edit|insert|enter|put|set|add|fill)[_ -]?(?:with|your|me|this|it|in)\b/i.test(s)) return false;
  // a word telling you to put one there, punctuation around it or not (!ChangeMe!, Symfony's, **redacted**)
  const core = s.replace(/^[^A-Za-z0-9]{1,3}|[^A-Za-z0-9]{1,3}$/g, '');
  if (/^(?:replace|change|changeme|change[_-]me|replaceme|replace[_-]me|todo|fixme|tbd|placeholder|redacted)$/i.test(core)) return false;
  if (/(.)\1{7,}/.test(s) && longestRun(s) * 3 >= s.length) return false; // AIzaaaaaaaaaaaaaaa...
  if (/^<[^<>]*>$/.test(s) || /^\[[^\[\]]*\]$/.test(s) || /^\{[^{}]*\}$/.test(s) || /^\([^()]*\)$/.test(s)) return false;
  if (/^(.)\1+$/.test(s)) return false; // xxxx, ****, 0000, ....
  if (/^[xX*•.#_-]{3,}/.test(s) && /^[xX*•.#_\-0-9]*$/.test(s)) return false;
  if (/x{4,}|\*{3,}|X{4,}/.test(s)) return false;
  const bare = s.replace(/[,;.:)\]]+$/, ''); // SECRET, or SECRET) in a list of examples
  if (PLACEHOLDER_WORDS.has(bare.toLowerCase()) || PLACEHOLDER_SHAPES.test(bare)) return false;
  if (/^(?:your|my|the|some|a|an)[\s_-]/i.test(s) && /[\s_-](?:here|password|secret|token|key|pass)\b/i.test(s)) return false;
  if (/(?:^|[_-])(?:example|placeholder|dummy|redacted)(?:$|[_-])/i.test(s)) return false;
  if (/goes[_-]?here$|GoesHere$/i.test(s)) return false; // SecurePwdGoesHere, token_goes_here
  if (/^(?:user(?:name)?|login|admin|name):(?:pass(?:word)?|pwd|secret|pw)$/i.test(s)) return false; // 'user:password'
  // a login pair whose password is a placeholder (myuser:mypassword, demo:your-password)
  const pair = /^[\w.@-]{1,40}:([^:\s]{2,64})$/.exec(s);
  if (pair && !notPlaceholder(pair[1], { line: '' })) return false;
  if (/EXAMPLE/.test(s)) return false; // AWS documentation values carry EXAMPLE in upper case
  if (/^[A-Z]+(?:_[A-Z]+)+$/.test(s)) return false; // STRING_VALUE, YOUR_PASSWORD
  // an all-caps word naming what stands there: mysql -pSECRET, --password=PASSWORD, DBPASSWORD
  if (/^(?:MY|THE|NEW|OLD|DB|ROOT|ADMIN|USER|APP)?(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|KEY|VALUE|PASSPHRASE|CREDENTIALS?)S?$/.test(bare)) return false;
  if (/^(.)\1{2,}(?:…|\.{3})$/.test(s)) return false; // aaaa… in docs and tests
  return true;
};

/** Not read from the environment, a template or a secret store. */
export const notReference: ValueCheck = (v) => {
  const s = v.trim();
  if (/^\$\{[^}]*\}?$/.test(s) || /^\$\{\{/.test(s) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(s) || /^\$\(/.test(s)) return false;
  if (/^%[-+\d.]*[sdrvq]$/.test(s) || /^\{\d*\}$/.test(s)) return false; // format verbs: %s, {0}, {}
  // a replacement field with a format spec: "{secret:>32}", "{0:x}", "{token!r:20}" (str.format, f-strings)
  if (/\{(?:[A-Za-z_][\w.]*|\d+)?(?:![rsa])?:[^{}\s]{1,20}\}/.test(s)) return false;
  if (/^(?:%[-+\d.]*[sdrvq]|\{\w*\}|[:@/ ,;|-])+$/.test(s) && /[%{]/.test(s)) return false; // '%s:%s', '{}:{}'
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(s) || /^%\([A-Za-z_]\w*\)s$/.test(s)) return false;
  if (/\{\{[^}]*\}\}/.test(s) || /^\{\{/.test(s) || /<%=?[^%]*%>/.test(s) || /^<%/.test(s) || /^#\{[^}]*\}$/.test(s)) return false;
  if (/\$\{[A-Za-z_][\w.:-]*\}/.test(s) && s.replace(/\$\{[^}]*\}/g, '').length < 4) return false;
  if (/^(?:process\.env|os\.environ|os\.getenv|getenv|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|env\(|secrets\.|vars\.|var\.|local\.|data\.|module\.|ssm:|vault:|arn:aws:secretsmanager|aws-sm:|sm:\/\/)/.test(s)) return false;
  if (/^!(?:Ref|Sub|GetAtt|ImportValue|FindInMap|vault)\b/.test(s)) return false;
  if (/^#\{[^}]*\}#?$/.test(s) || /^@[\w.-]+@$/.test(s) || /^__[\w.-]+__$/.test(s) || /^\$\[[\w.:-]+\]$/.test(s)) return false; // Octopus #{x}, Maven @x@, __TOKEN__, $[x]
  if (/^(?:arn:aws[\w-]*:|op:\/\/|@Microsoft\.KeyVault\(|keyvault:|projects\/[\w-]+\/secrets\/|gcp-secret:|azure-keyvault:)/i.test(s)) return false;
  if (/^(?:ENC|enc)\(.*\)$/.test(s)) return false; // jasypt-encrypted
  // template markers: ###ORACLE_PWD###, %%PASS%%, @@PASS@@, #DB_PASS#, Concourse ((db-password))
  if (/^(?:#{2,}|%%|@@)[\w.:-]+(?:#{2,}|%%|@@)$/.test(s) || /^#[A-Z][A-Z0-9_]+#$/.test(s)) return false;
  if (/^\(\([ \t]*[\w.:\/-]+[ \t]*\)\)$/.test(s)) return false;
  // command substitution: `awk ... | cut -d= -f2` (or its first word, where a capture stops at a space)
  if (/^`[^`]*$/.test(s) || /^`[^`]*[\s|$;][^`]*`$/.test(s)) return false;
  return true;
};

const TYPE_NAME = /^(?:string|str|String|number|int|integer|float|bool|boolean|any|Any|unknown|object|char|bytes|SecureString|SecretStr|SecretBytes|Optional\[\w+\]|\w+\[\]|None|null|undefined)\??;?$/;
/** One term of a type expression: str, Optional[str], list[str], typing.Any, SecretStr. */
const TYPE_TERM = /^[A-Za-z_][\w.]{0,40}(?:\[[\w., |\[\]]{0,80}\])?\??$/;

/** Not a type annotation or keyword: password: string, Optional[str], "str | None". */
export const notType: ValueCheck = (v, ctx) => {
  const s = v.trim();
  if (TYPE_NAME.test(s)) return false;
  // a union of types: "str | None", "string | undefined"
  const parts = s.split(/[ \t]*\|[ \t]*/);
  if (parts.length >= 2 && parts.every((t) => TYPE_TERM.test(t)) && parts.some((t) => TYPE_NAME.test(t))) return false;
  // a quoted (forward-reference) annotation followed by the assigned value: admin_password: "SecretStr" = None
  if (ctx?.key && ctx.line && TYPE_TERM.test(s)) {
    const k = escapeRe(ctx.key.replace(/["'`]/g, ''));
    if (new RegExp(`${k}["'\`]?[ \\t]*:[ \\t]*(["'])${escapeRe(s)}\\1[ \\t]*=(?!=)`).test(ctx.line)) return false;
  }
  return true;
};

/** "Password" in other languages: the value of a translated label. */
const PASSWORD_WORDS = new Set(
  'password|passwort|kennwort|contraseña|contrasena|clave|mot de passe|senha|wachtwoord|lösenord|losenord|passord|adgangskode|salasana|hasło|haslo|heslo|jelszó|jelszo|parola|parolă|geslo|lozinka|slaptažodis|parole|пароль|гасло|κωδικός|şifre|sifre|סיסמה|كلمة المرور|パスワード|密码|密碼|비밀번호|mật khẩu|kata sandi|รหัสผ่าน'.split('|'),
);

/** Key namespaces of UI strings (login.password, reset.passwordTooShort, form.fields.password). */
const UI_KEY_SEGMENT =
  /^(?:login|logon|signin|sign_?in|signup|sign_?up|register|registration|reset|forgot|forgotten|recover|recovery|account|profile|settings|preferences|form|forms|label|labels|field|fields|page|pages|button|buttons|btn|errors?|validation|validations|messages?|msg|placeholders?|titles?|tooltips?|hints?|help|dialog|modal|menu|nav|screen|views?|ui|common|general|strings|text|texts|change|confirm|security|onboarding|wizard|prompt|prompts|notifications?)$/i;

/** Natural-language text: words of letters (any script), light punctuation, a few short numbers. */
function isProse(s: string): { words: number; capital: boolean; punct: boolean } | undefined {
  const words = s.split(/\s+/).filter(Boolean);
  // ASCII text gets ASCII patterns: the same answers, without compiling Unicode property classes
  // (several milliseconds on the first call, which the pre-commit path pays).
  const ascii = !NON_ASCII.test(s);
  const word = ascii ? /^[("']?[A-Za-z][A-Za-z'-]*[)"']?[?!:.,;]?$/ : /^[("«„“'‘]?[\p{L}\p{M}][\p{L}\p{M}'’-]*[)"»“”'’]?[?!:.,;…]?$/u;
  if (!words.every((w) => word.test(w) || /^\d{1,3}[+%]?[.,:]?$/.test(w))) return undefined;
  const letter = ascii ? /[A-Za-z]/ : /\p{L}/u;
  const alpha = words.filter((w) => letter.test(w)).length;
  if (alpha < words.length - 1 || alpha === 0) return undefined;
  return { words: words.length, capital: ascii ? /^[A-Z]/.test(s) : /^\p{Lu}/u.test(s), punct: /[?!:.,…]/.test(s) };
}

const NON_ASCII = /[^\x00-\x7f]/;

/** A letter or digit in any script (the Unicode classes only for non-ASCII text). */
function hasLetterOrDigit(s: string): boolean {
  return /[A-Za-z0-9]/.test(s) || (NON_ASCII.test(s) && /[\p{L}\p{N}]/u.test(s));
}

/** Not a sentence or UI label: "Forgot your password?", "Enter password", "Passwort". */
export const notLabel: ValueCheck = (v, ctx) => {
  const s = v.trim();
  const words = s.split(/\s+/).filter(Boolean);
  // Three or more words are a label when they read like UI text: capitalised, punctuated, or
  // worded like a prompt. An all-lower-case phrase without punctuation may be a passphrase.
  if (words.length >= 3 && /^[A-Za-z][A-Za-z' ,.?!:-]*$/.test(s) && (/^[A-Z]/.test(s) || /[?!:.,]/.test(s) || /\b(?:enter|your|forgot|please|must|invalid|confirm|new|password|passwords|characters?|least|required|reset|change|show|hide|remember|wrong|match|matches|incorrect)\b/i.test(s))) return false;
  if (words.length >= 2 && /[?!:.]$/.test(s) && /^[A-Za-z][A-Za-z' ]*[?!:.]$/.test(s)) return false;
  if (words.length >= 2 && /^(?:enter|confirm|new|old|current|your|forgot|reset|change|repeat|show|hide|invalid|wrong)\b/i.test(s)) return false;
  if (PASSWORD_WORDS.has(s.toLowerCase())) return false; // "Passwort", "Mot de passe"
  const prose = isProse(s);
  // Sentences in any language, also with a number in them: "Das Passwort muss mindestens 12 Zeichen lang sein"
  if (prose && prose.words >= 4 && prose.capital) return false;
  if (prose && prose.words >= 2 && prose.capital && /[?!:.…]$/.test(s)) return false;
  // In a locale file every natural-language value is UI text, a single capitalised word too.
  if (prose && isLocalePath(ctx?.path) && (prose.words >= 2 || prose.capital)) return false;
  // A capitalised word or phrase under a dotted UI key: "login.password": "Passwort"
  const key = ctx?.key?.replace(/["'`\]\[]/g, '');
  if (prose && prose.capital && key && /^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+$/.test(key)) {
    const segs = key.split('.');
    const camelTail = /(?:pass(?:word|wd|phrase)?|pwd)[A-Z][a-z]/.test(key) || /^[a-z]+[A-Z]\w*(?:Password|Passwd|Pwd)$/.test(segs[segs.length - 1]);
    if (segs.slice(0, -1).some((g) => UI_KEY_SEGMENT.test(g)) || camelTail) return false;
  }
  return true;
};

/** Not code: a call, member access or identifier where a literal would stand (unquoted contexts). */
export const notCode: ValueCheck = (v) => {
  const s = v.trim();
  // get_password(), config.get(, hash(pw: a call, closed at the end or cut there (not a generated key that holds a parenthesis, such as k(x)7Qv…)
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\((?:.*\)|[\w$.'"]*)[;,]?$/.test(s)) return false;
  if (/^(?:this|self|cls|@|\$this->)[.\->]?[A-Za-z_]/.test(s)) return false;
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*){1,}$/.test(s) && !/\d/.test(s)) return false; // settings.DB_PASS
  if (/^(?:new|await|require|import)\b/.test(s)) return false;
  if (/^(?:[a-z_][a-z0-9_]*\.)+[A-Z][a-z][A-Za-z0-9]*[,;)]?$/.test(s)) return false; // module.ClassName type reference
  // an expression, not a value: `password or os.environ.get(`, `args.password || prompt(`
  if (/\s/.test(s) && /^[A-Za-z_][\w.]*\s+(?:or|and|\|\||&&|\?\?)\s/.test(s) && /[A-Za-z_]\w*[.(]/.test(s)) return false;
  if (/\s/.test(s) && /[A-Za-z_][\w.]*\($/.test(s)) return false;
  // a comparison or condition: `item.Output.Password != null`, `x == y && z`
  if (/\s(?:[!=]==?|&&|\|\|)\s/.test(s) && /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|\bnull\b|\bnil\b|\bNone\b/.test(s)) return false;
  return true;
};

/**
 * Not a version or version range: lock files and manifests name packages minipass or pgpass and give
 * them versions (^2.1.0, ~1.0, 1.0.5, >=2, 1.x, >=1.2 <2).
 */
export const notVersion: ValueCheck = (v) => {
  const s = v.trim();
  if (/^(?:[~^]|[<>]=?|=)[ \t]{0,4}v?\d{1,9}(?:\.(?:\d{1,9}|[xX*])){0,3}(?:-[0-9A-Za-z.-]{1,40})?(?:\+[\w.]{1,40})?$/.test(s)) return false;
  if (/^v?\d{1,9}(?:\.(?:\d{1,9}|[xX*])){1,3}(?:-[0-9A-Za-z.-]{1,40})?(?:\+[\w.]{1,40})?$/.test(s)) return false;
  // ranges and alternatives: ">=1.2.3 <2.0.0", "1.x || 2.x", "1.2 - 1.4", "^1 || ^2"
  if (s.length <= 80 && /^[\d.xX*^~<>=|v \t-]+$/.test(s) && /\d\.[\dxX*]|[<>^~]=?[ \t]{0,4}\d/.test(s) && /[ |]/.test(s)) return false;
  return true;
};

/**
 * Not a password hash in a known storage format (crypt, LDAP, Django, Werkzeug): the value of a
 * password field in a fixture or seed that holds the hash, not the password. The separate
 * password-hash-crypt rule still reports crypt hashes, as a warning.
 */
export const notPasswordHash: ValueCheck = (v) => {
  const s = v.trim();
  if (/^\$(?:2[abxy]?|1|5|6|7|y|gy|apr1|md5|sha1|P|H|S|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha(?:1|256|512))?|bcrypt(?:-sha256)?)\$[./A-Za-z0-9$=,+-]{16,}$/.test(s)) return false;
  if (/^\{(?:CRYPT|SSHA(?:256|384|512)?|SHA(?:1|256|384|512)?|SMD5|MD5|PBKDF2(?:[-_]SHA(?:1|256|512))?|ARGON2|BCRYPT|SCRYPT)\}\S{8,}$/i.test(s)) return false;
  if (/^(?:pbkdf2_sha(?:1|256|512)|bcrypt(?:_sha256)?|argon2|sha1|md5|crypt|scrypt|unsalted_(?:md5|sha1))\$[^\s$]*\$\S{8,}$/.test(s)) return false; // Django
  if (/^(?:pbkdf2:sha(?:1|256|512)(?::\d+)?|scrypt:\d+:\d+:\d+)\$[^\s$]+\$[0-9a-f]{16,}$/.test(s)) return false; // Werkzeug
  return true;
};

/** Commands a shell runs to produce a value: awk, cut or jq in backticks or $( ), echo $X | jq -r .pw. */
const COMMAND_WORD =
  /^(?:echo|cat|awk|gawk|sed|grep|egrep|cut|head|tail|jq|yq|perl|python[23]?|ruby|node|openssl|aws|vault|kubectl|oc|base64|pwgen|printf|tr|gcloud|az|op|lpass|bw|curl|wget|xxd|od|sudo|docker|gpg|sops|security|mkpasswd|htpasswd|uuidgen|date|hostname|keyring|heroku|terraform|consul|credstash|chamber|doppler|gopass|xargs|eval|exec|read)[ \t]+\S/;

/**
 * Not a piece of the surrounding code or text taken for a value: a capture that ran on into the next
 * string ("abc",), a string holding several lines (an escaped \n: "user=a\npassword=b"), or a shell
 * command inside a string ('" -u root /bin/sh -c ', "--no-password", "echo $X | jq -r .pw").
 */
export const notFragment: ValueCheck = (v) => {
  const s = v.trim();
  if (/["'`][ \t]*[,;)\]}][ \t,;)\]}]*$/.test(s)) return false; // abc", / abc');
  if (/^[^"'`]+["'`]$/.test(s)) return false; // abc" (one quote, at the end)
  if (/(?<!\\)(?:\\\\)*\\[nr]/.test(s)) return false; // an escaped newline (not an escaped backslash then n)
  if (/\$\{[^}]*$/.test(s)) return false; // cut inside an interpolation: Summer${
  if (/^[ \t]+-{1,2}[A-Za-z]/.test(v)) return false; // " -p$PW", " -u root ..."
  if (/^--?[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(s)) return false; // --no-password, --skip-password
  if (/(?:^|[\s/])(?:ba|z|da|k)?sh[ \t]+-c\b/.test(s)) return false; // /bin/sh -c '
  if (/(?:^|\s)-{1,2}[A-Za-z][\w-]*\s(?:.*\s)?-{1,2}[A-Za-z]/.test(s) && /\s/.test(s)) return false; // two options: a command line
  if (COMMAND_WORD.test(s) && /[|$'"<>/]|\s-/.test(s)) return false;
  if (/\S[ \t]*\|[ \t]*(?:awk|sed|cut|tr|head|tail|grep|jq|base64|xargs|sort)\b/.test(s)) return false;
  return true;
};

/** Names under which a hex string is a checksum, revision or id, not a credential. */
const HASH_KEY = /sha|hash|digest|checksum|commit|rev(?:ision)?\b|\bref\b|etag|integrity|fingerprint|(?:^|[_.-])id$|uuid|guid|nonce|salt|version|build/i;

/**
 * Not a UUID, a git commit hash or an integrity hash. A bare hex string counts as a hash only when
 * the name it is assigned to says so (commit, sha, checksum...) or there is no name; assigned to
 * a token or API-key name, 32/40-hex strings are how many services shape their tokens.
 */
export const notHash: ValueCheck = (v, ctx) => {
  const s = v.trim();
  // a UUID, also behind a kind (public:9a458aa3-…, the ID of a key in a set)
  if (/^(?:[a-z]+:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return false;
  if (/^(?:sha1|sha256|sha384|sha512|md5)[-:]/i.test(s)) return false;
  if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(s) && (!ctx.key || HASH_KEY.test(ctx.key))) return false;
  if (/^[0-9a-f]{32,}$/i.test(s) && ctx.key && HASH_KEY.test(ctx.key)) return false;
  return true;
};

/** Has letters and also digits or symbols (not just an identifier) — for generic high-entropy tokens. */
export const mixedChars: ValueCheck = (v) => /[A-Za-z]/.test(v) && /[0-9]|[^A-Za-z0-9_.\-/\s]/.test(v);

/** Not a hex-only string (commit hashes, checksums) — for base64-alphabet keys like AWS secrets. */
export const notHexOnly: ValueCheck = (v) => !/^[0-9a-fA-F]+$/.test(v);

/** Upper case, lower case and digits all present (AWS secret access keys). */
export const mixedCase: ValueCheck = (v) => /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v);

/** Not a file path or URL without credentials. */
export const notPath: ValueCheck = (v) => {
  const s = v.trim().replace(/[:;,]+$/, '');
  if (/^urn:/i.test(s)) return false;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)[\w./\\-]*$/.test(s) && !/\s/.test(s)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(s)) return false;
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+){2,}$/.test(s) && /\.[a-z]{2,12}$/.test(s)) return false; // host.int.example.com
  // a relative path or route in lower case, three parts or more (api/auth/v4.0/user/login-with-token)
  if (/^[a-z][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*){2,}\/?$/.test(s)) return false;
  // a reverse-DNS name: a Java package, an app's bundle id, a document type (org.iso.18013.5.1.mDL)
  if (/^(?:com|org|net|io|edu|gov|dev|app|co|de|uk|fr|nl|cn|jp|ru|ch|eu)\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/.test(s)) return false;
  if (/^[\w.:-]*[A-Za-z][\w-]*[-:@]v?\d+\.\d+(?:\.\d+)?(?:[-+.][\w.]+)?$/.test(s)) return false; // jjwt-jackson-0.11.2, pkg@1.2.3
  return true;
};

/** The value is not just its own name again (password: password, mongodb://mongodb:mongodb@...). */
export const notSameAsKey: ValueCheck = (v, ctx) => {
  if (!ctx.key) return true;
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(v) !== norm(ctx.key);
};

/** No long ascending run (abcdefgh, 12345678): typed-in fake keys. For token-shaped values only. */
export const notSequential: ValueCheck = (v) => {
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    run = v.charCodeAt(i) === v.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 8) return false;
  }
  return true;
};

/** Not a plain lower-case word or prose (for space-separated `password VALUE` lines). */
export const notWord: ValueCheck = (v) => !/^[a-z]+[.,;:!?]?$/.test(v.trim());

/** All lower case (a capitalised "Password" is a label, not a default password). */
export const lowercase: ValueCheck = (v) => v === v.toLowerCase();

/**
 * Not a code identifier standing where a random value would (AwsSdkSigV4AuthResolvedConfig,
 * leakguardGetSecret): mostly dictionary-like camel/Pascal/snake words. For generic high-entropy rules.
 */
export const notIdentifier: ValueCheck = (v) => {
  const s = v.trim();
  if (!/^[A-Za-z_$][\w$]*$/.test(s)) return true;
  // A word has a vowel: random mixed-case text splits into chunks like "Vk", "TNA", "Xsk".
  const snake = s.includes('_');
  const words = snake ? s.split(/_+/).filter(Boolean) : s.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
  const isWord = (w: string) => /[aeiouy]/i.test(w) && (snake ? /^[A-Za-z]{2,}\d?$/.test(w) : /^[A-Z]?[a-z]{2,}\d?$/.test(w));
  const wordy = words.filter(isWord);
  if (!(words.length >= 3 && wordy.join('').length >= s.replace(/_/g, '').length * 0.75)) return true;
  // ...and the chunks read as words: random mixed case also splits into vowelled chunks
  // ("T4SEovcuamJxaqkkn6" gives "Eovcuam", "Jxaqkkn6"), which the letter model tells apart.
  return wordBits(wordy.join(' ')) > WORDLIKE_BITS;
};

/**
 * Not a MySQL client's port: the rule's options are matched case-insensitively, and to mysql,
 * mysqldump and mariadb `-P3307` is the port where `-p` would be the password. Nor another
 * command's option on the same line (find's -printf).
 */
export const notPortFlag: ValueCheck = (v, ctx) => {
  // another tool's option read as -p and a value: find -printf / -prune / -path / -perm, set -o pipefail
  if (/^(?:rintf|rint0?|rune|ath|erm|ipefail)$/.test(v)) return false;
  if (!ctx.line || !/^\d{2,5}$/.test(v) || !/\b(?:mysql\w*|mariadb\w*)\b/i.test(ctx.line)) return true;
  return !new RegExp(`(?:^|[ \\t])-P${v}(?![\\w])`).test(ctx.line);
};

/** Not the two branches of a conditional expression: ok ? 'PASS' : 'FAIL' (the "key" is a value). */
export const notTernary: ValueCheck = (v, ctx) => {
  if (!ctx.key || !ctx.line) return true;
  const k = escapeRe(ctx.key.replace(/["'`]/g, ''));
  return !new RegExp(`\\?[ \\t]*(["'\`])${k}\\1[ \\t]*:[ \\t]*(["'\`])${escapeRe(v)}\\2`).test(ctx.line);
};

/**
 * Not prose: a name followed by its value with only a space between, in a comment or after an
 * article ("a password \"password\"", "the default pass 'admin'"), is a sentence about passwords.
 */
export const notProse: ValueCheck = (v, ctx) => {
  if (!ctx.key || !ctx.line) return true;
  const k = escapeRe(ctx.key.replace(/["'`]/g, ''));
  const spaced = new RegExp(`(\\b(?:a|an|the|your|my|our|its|their|default|weak|common|strong|new|old|no|any|same)[ \\t]+)?${k}["']?[ \\t]+["']${escapeRe(v)}["']`, 'i').exec(ctx.line);
  if (!spaced) return true;
  if (spaced[1]) return false;
  return !/^[ \t]*(?:\/\/|#|\*|\/\*|--|;|<!--|REM\b)/i.test(ctx.line);
};

/**
 * Not the first piece of a string built at run time: password = 'ab' + 'c123', pw = 'Tr0' + random().
 * The literal alone is not the value (test fixtures assemble look-alike credentials this way).
 */
export const notConcatenated: ValueCheck = (v, ctx) => {
  // the "value" runs across literals and code: pw = "'), randomBytes(8), Buffer.from('"
  if (/^["'`]\)|["'`]\)?,[ \t]*[A-Za-z_$][\w$.]*\(/.test(v)) return false;
  if (!ctx.line) return true;
  return !new RegExp(`(["'\`])${escapeRe(v)}\\1[ \\t]*\\+(?![+=])[ \\t]*(?:["'\`]|[A-Za-z_$])`).test(ctx.line);
};

export const VALUE_CHECKS: Record<string, ValueCheck> = {
  'not-placeholder': notPlaceholder,
  'not-reference': notReference,
  'not-type': notType,
  'not-label': notLabel,
  'not-key-name': notKeyName,
  'not-code': notCode,
  'not-hash': notHash,
  'not-hex-only': notHexOnly,
  'mixed-chars': mixedChars,
  'random-chars': randomChars,
  'key-material': keyMaterial,
  'not-public-key-name': notPublicKeyName,
  'mixed-case': mixedCase,
  'not-path': notPath,
  'not-meta-key': notMetaKey,
  'not-same-as-key': notSameAsKey,
  'not-sequential': notSequential,
  'not-word': notWord,
  'not-identifier': notIdentifier,
  'not-port-flag': notPortFlag,
  'not-ternary': notTernary,
  'not-concatenated': notConcatenated,
  'not-prose': notProse,
  'not-version': notVersion,
  'not-password-hash': notPasswordHash,
  'not-fragment': notFragment,
  'plausible-key-body': plausibleKeyBody,
  'plausible-key-fragment': plausibleKeyFragment,
  lowercase,
};
