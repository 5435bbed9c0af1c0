// What kind of value was captured: a reference, a template or command substitution, a hash, a
// version, a path, prose, an identifier, a dummy word, dictionary words, random characters.
// Mechanisms here; patterns, word lists and weights in rules/confidence/judge.toml.
import { dataRegex, keyWords, type Applied, type JudgeSpec, type RegexFeatureSpec } from './types.js';
import { Wordness } from './wordness.js';
import { createHash } from 'node:crypto';
import { shannonEntropy } from '../detect/entropy.js';
import { decodeBase64Text } from '../detect/encoded.js';

export type ValueFeature = (value: string, ruleId: string, key?: string) => Applied | undefined;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Word, digits and a symbol, or a capitalised word with digits, 9 characters or more: a human password.
 * Its word may be in leetspeak (Sh@d0w123!: a digit or @ $ between letters reads as a letter).
 */
export function humanPasswordShape(v: string): boolean {
  const w = v.replace(/(?<=[A-Za-z])[013457@$](?=[A-Za-z])/g, (c) => LEET[c] ?? c);
  if (!/\d/.test(v) || !/[A-Za-z]{3}/.test(w)) return false;
  return /[^A-Za-z0-9]/.test(v) || (/[A-Z]/.test(v) && v.length >= 9);
}

function applied(f: RegexFeatureSpec, weight = f.weight ?? 0, reason = f.reason): Applied {
  return { id: f.id, weight, reason, group: f.group, exclude: f.exclude, exceptDeployed: f.exceptDeployed };
}

function regexFeature(f: RegexFeatureSpec): ValueFeature {
  const re = dataRegex(f.regex ?? '(?!)');
  const except = new Set(f.exceptRules ?? []);
  const a = applied(f);
  return (v, ruleId) => (!except.has(ruleId) && re.test(v) ? a : undefined);
}

/** Words of letters (any script) with spaces between: "Mot de passe oublié ?", "enter your password". */
function proseFeature(f: JudgeSpec['value']['prose'], wordness: Wordness, maxBits: number): ValueFeature {
  const strong = applied(f);
  // lower-case words without punctuation may be a passphrase: only as weak as dictionary words
  const weak = { ...applied(f, f.lowercaseWeight), group: 'weak' };
  return (v) => {
    const words = v.trim().split(/\s+/);
    if (words.length < 2) return undefined;
    // words of letters (a bracket or quote around them is fine), and a few numbers between them
    const wordy = words.filter((w) => /^[(\["'«„“‘]?[\p{L}\p{M}][\p{L}\p{M}'’.-]*[)\]"'»”’]?[?!:.,;…]*$/u.test(w)).length;
    const numbers = words.filter((w) => /^\(?\d{1,4}[)%.,:]?$/.test(w)).length;
    if (wordy < 2 || wordy + numbers < words.length || wordy < words.length * 0.6) return undefined;
    // ASCII letters must read as words ("vnzb ukyquf" is a random passphrase, not prose).
    if (!NON_ASCII.test(v)) {
      const m = wordness.measure(v);
      if (m.bits === undefined || m.bits >= maxBits + 0.5) return undefined;
    }
    return /^[a-z' ]+$/.test(v.trim()) ? weak : strong;
  };
}

/** A code identifier or expression: errorMessage, user.password, getPassword(), auth[1]. */
function identifierFeature(f: RegexFeatureSpec, wordness: Wordness, maxBits: number): ValueFeature {
  const a = applied(f);
  // A name made of words (errorMessage, irc_pass) may be a name or a weak literal: only as weak as
  // dictionary words; an expression (a call, a member, an index) is not a value at all.
  const named = { ...a, weight: -1, group: 'weak' };
  const snake = { ...a, exceptDeployed: true };
  return (v) => {
    const s = v.trim();
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(.*\)|\[[^\]]*\])[,;]?$/.test(s)) return a;
    // a command-line option (--password=), a route target or method reference (password_resets#create, User#reset_password)
    if (/^--?[a-z][a-z0-9-]*=?$/.test(s)) return a;
    if (/^[A-Za-z_][\w/]*#[a-z_]\w*[!?]?$/.test(s) && /_|\//.test(s)) {
      const m = wordness.measure(s.replace(/[#/]/g, '_'));
      if (m.bits !== undefined && m.bits < maxBits) return a;
    }
    // names joined by + or / (publickey+password, auth/reset_passwd): a list of methods, a template path
    if (/^[A-Za-z][A-Za-z_]{2,}(?:[+/][A-Za-z][A-Za-z_]{2,})+$/.test(s)) {
      const m = wordness.measure(s.replace(/[+/]/g, '_'));
      if (m.bits !== undefined && m.bits < maxBits) return a;
    }
    // a bare name with the comma of a map or argument list after it ('password': nova_db_password,): an expression
    if (/^[a-z_][a-z0-9]*(?:_[a-z0-9]+)+,$/.test(s)) return a;
    if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(s)) return undefined;
    const parts = s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[ _.$]+/).filter(Boolean);
    // digits only in names of three words or more (TFts5Tokenizer); random tokens have digits too
    if (parts.length < 2 || parts.some((p) => p.length < 2) || (/\d/.test(s) && parts.length < 3)) return undefined;
    const m = wordness.measure(s);
    if (m.bits === undefined || m.bits >= maxBits) return undefined;
    // ...and so is a camelCase name of four words or more (beforeLoginCheckBruteForce): a method, not a password
    const camelWords = /^[a-z]+(?:[A-Z][a-z]+){3,}$/.test(s) && parts.every((p) => p.length >= 3);
    if (s.includes('.') || camelWords) return a;
    // snake_case words (budibase_redis_password): a name in code; in a compose file or a Secret, where
    // nothing is evaluated, a weak literal
    return /^[a-z]+(?:_[a-z]+){2,}$/.test(s) && parts.every((p) => p.length >= 3) ? snake : named;
  };
}

/** 111, 2222, 123, 3456, 987: one digit repeated, or an ascending or descending run. */
function isDigitRun(d: string): boolean {
  let up = true;
  let down = true;
  let same = true;
  for (let i = 1; i < d.length; i++) {
    const step = d.charCodeAt(i) - d.charCodeAt(i - 1);
    up &&= step === 1;
    down &&= step === -1;
    same &&= step === 0;
  }
  return up || down || same;
}

/** Leetspeak back to letters: p4ssw0rd is password, s3cr3t secret. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };
function deleet(s: string): string {
  return s.replace(/[0-9@$]/g, (c) => LEET[c] ?? c);
}

/**
 * The letters of a value typed in leetspeak (Datad0gM0n1t0r2024#: "DatadogMonitor", 0penA1Platf0rm):
 * digits and @ $ beside letters read back as letters, the digits (a year) and symbols at its end
 * dropped. Undefined when no such digit stands beside a letter.
 */
export function leetLetters(s: string): string | undefined {
  // typed passwords are short; a long value is no leetspeak (and the trimming below is not linear);
  // nor is hex, whose digits sit beside its letters by chance
  if (s.length > 64 || /^[0-9a-f]+$/i.test(s.trim())) return undefined;
  const core = s.trim().replace(/\d+[^A-Za-z0-9]*$/, '').replace(/[^A-Za-z0-9@$]+$/, '');
  if (!/^[A-Za-z0-9@$]{6,}$/.test(core) || !/[A-Za-z][0-9@$]|[0-9@$][A-Za-z]/.test(core)) return undefined;
  return deleet(core);
}

/** `s` with its hex runs (eight or more) blanked: a digest's letters spell words and markers by chance. */
function withoutHexRuns(s: string): string {
  return s.replace(/[0-9a-fA-F]{8,}/g, ' ');
}

/** A run of six or more digits counted up or down (123456, 3456789, 987654) somewhere in `s`. */
function countedDigits(s: string): boolean {
  for (const d of s.match(/\d{6,}/g) ?? []) for (let i = 0; i + 6 <= d.length; i++) if (isDigitRun(d.slice(i, i + 6)) && new Set(d.slice(i, i + 6)).size > 1) return true;
  return false;
}

/** Its letters run up the alphabet (five or more) and its digits count up (five or more): a typed sequence. */
function countedLettersAndDigits(s: string): boolean {
  const letters = s.replace(/[^a-z]/g, '');
  const digits = s.replace(/[^0-9]/g, '');
  if (letters.length < 5 || digits.length < 5 || letters.length + digits.length < s.replace(/[\W_]/g, '').length) return false;
  const up = (t: string) => [...t].every((c, i) => i === 0 || c.charCodeAt(0) - t.charCodeAt(i - 1) === 1 || (c === '0' && t[i - 1] === '9'));
  return up(letters) && up(digits);
}

/** The value is the key again, as a name (ANTHROPIC_API_KEY=anthropic-api-key, password: PASSWORD). */
function sameAsKeyFeature(f: RegexFeatureSpec): ValueFeature {
  const a = applied(f);
  const prefixed = { ...a, exceptDeployed: true };
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (v, _rule, key) => {
    if (!key) return undefined;
    const segments = key.split(/[.\[\]>]/).filter(Boolean);
    const own = segments.pop() ?? key;
    const k = norm(own);
    const n = norm(v);
    // a name, not a weak password: long enough, and written as a name (anthropic-api-key, DB_PASSWORD, PasswordInput)
    if (n.length >= 10 && n === k && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(v)) return a; // bcryptPassword := "bcryptpassword"
    if (n.length < 10 || !/[-_.]|^[A-Z0-9]+$|^[a-z]+(?:[A-Z][a-z0-9]+)+$|^(?:[A-Z][a-z0-9]+){2,}$|^[A-Z]{2,}(?:[A-Z][a-z0-9]+)+$/.test(v)) return undefined;
    // the field's name again with a digit (passwordsMatch('newPassword', 'newPassword2')): a second field
    // (written exactly as the key is: CleartextPassword1 under ClearTextPassword is a value someone typed)
    if (own.length >= 8 && v.startsWith(own) && /^\d{1,2}$/.test(v.slice(own.length))) return a;
    // MODEL_POLICY_PASSWORD_HISTORY = 'policyPasswordHistory': the value names what the key names;
    // PasswordInput.displayName = "PasswordInput": the value is the object's own name
    if (segments.some((s) => norm(s) === n)) return a;
    if (n === k || k.endsWith(n)) return a;
    // the key with a prefix (myapp_redis_password): a name for it in code, docs and tests; in a
    // compose file or a Secret it is the weak password itself
    if (k.length >= 6 && n.endsWith(k) && n.length <= k.length + 12) return prefixed;
    // the key's words in another order (NONCE_CHANGE_PASSWORD = 'changePasswordNonce')
    const words = (x: string) => keyWords(x).sort().join(' ');
    const kw = words(own);
    return kw.includes(' ') && kw === words(v) ? a : undefined;
  };
}

/**
 * Digits anyone types for a test (111333, 87654321, 1234567!, 12345678901): four to twelve digits, with
 * trailing punctuation, made of at most two distinct digits or holding an ascending or descending run
 * of five.
 */
export function typedDigits(v: string): boolean {
  const d = v.replace(/[^\w]+$/, '');
  if (!/^\d{4,12}$/.test(d)) return false;
  if (new Set(d).size <= 2 || isDigitRun(d)) return true;
  for (let i = 0; i + 5 <= d.length; i++) if (isDigitRun(d.slice(i, i + 5))) return true;
  return false;
}

/** The dummy lexicon: the whole value, or it less trailing digits and symbols; or a marker segment. */
function dummyFeature(f: JudgeSpec['value']['dummy'], wordness: Wordness, maxBits: number): ValueFeature {
  const words = new Set(f.words.map((w) => w.toLowerCase()));
  const markers = new Set(f.markers);
  const roles = new Set(f.roles ?? []);
  const declares = f.declares ?? [];
  const whole = applied(f);
  const marked = applied(f, f.markerWeight, f.markerReason);
  // a dummy word with its vowels left out (psswrd, scrt)
  const skeletons = new Set([...words].map((w) => w.replace(/[aeiou]/g, '')).filter((w) => w.length >= 4 && /^[a-z]+$/.test(w)));
  const except = new Set(f.exceptRules ?? []);
  // hex runs are left out (1bad3ba9..., 4150c853abcd)
  const markerSegment = (v: string, min = 1) => withoutHexRuns(v).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).some((g) => g.length >= min && markers.has(g));
  const markedWord = (s: string) => {
    for (const m of markers) {
      if (m.length < 3 || s.length - m.length < 3) continue;
      const rest = s.startsWith(m) ? s.slice(m.length) : s.endsWith(m) ? s.slice(0, -m.length) : undefined;
      if (rest === undefined) continue;
      const w = wordness.measure(rest);
      if (words.has(rest) || markers.has(rest) || (w.bits !== undefined && w.bits < maxBits)) return true;
    }
    return false;
  };
  return (v, ruleId) => {
    if (except.has(ruleId)) return undefined;
    const s = v.trim().toLowerCase();
    if (words.has(s)) return whole;
    if (skeletons.has(s)) return marked;
    // a word that says it is made up, joined to a dummy word or marker (examplepass, testpassword)
    for (const d of declares) {
      const rest = s.startsWith(d) ? s.slice(d.length) : s.endsWith(d) ? s.slice(0, -d.length) : undefined;
      if (rest && rest.length >= 2 && (words.has(rest) || markers.has(rest))) return whole;
    }
    // a dummy word with accents (pässwörd: a test of non-ASCII input)
    const folded = s.normalize('NFD').replace(/\p{M}/gu, '');
    if (folded !== s && words.has(folded)) return whole;
    // a value that says it is not one (ThisIsNotARealKey, not-a-real-secret)
    if (/not[-_ ]?a?[-_ ]?real/.test(s)) return whole;
    // the hex digits typed in order (abcdef0123456789, 0123456789abcdef)
    if (/0123456789abcdef|abcdef0123456789/.test(s)) return whole;
    // the alphabet typed in order, in any case (abCDefGHijKL4#1MN2OP3)
    if (/abcdefgh|hgfedcba/.test(s.replace(/[^a-z]/g, ''))) return whole;
    // a dummy word twice (adminadmin, testtest, pwpw)
    if (s.length >= 4 && s.length % 2 === 0 && s.slice(0, s.length / 2) === s.slice(s.length / 2) && (words.has(s.slice(s.length / 2)) || markers.has(s.slice(s.length / 2)))) return whole;
    // a dummy word in leetspeak (p4ssw0rd, s3cr3t, t0ps3cr3t)
    const plain = /\d|[@$]/.test(s) && /^[a-z0-9@$]{4,24}$/.test(s) ? deleet(s) : undefined;
    if (plain && /^[a-z]+$/.test(plain)) {
      if (words.has(plain)) return whole;
      if (plain.length >= 6 && markedWord(plain)) return marked;
    }
    // ...capitalised, or with digits or symbols after it (P@ssw0rd123!, S3cr3t2024#)
    const leetCore = leetLetters(v.trim())?.toLowerCase();
    // (a human-made password's word, Sh@d0w674?, counts only when it is a marker: P@ssw0rd123!)
    if (leetCore && /^[a-z]+$/.test(leetCore) && words.has(leetCore) && (!humanPasswordShape(v.trim()) || markers.has(leetCore))) return marked;
    // digits counted up, any length, 9 wrapping to 0 (12345678901234567890)
    if (/^\d{10,}$/.test(s) && [...s].every((c, i) => i === 0 || (Number(c) - Number(s[i - 1]) + 10) % 10 === 1)) return whole;
    if (typedDigits(s)) return marked;
    // a word with a marker word before or after it (clientpwd, mypassword, adminpass, testuser)
    if (/^[a-z]{6,40}$/.test(s) && markedWord(s)) return marked;
    // letters and then a run of digits anyone types (one111, pyvalue123, test2345): a dummy
    const run = /^[A-Za-z]{2,}[_-]?(\d{3,})$/.exec(v.trim());
    if (run && isDigitRun(run[1])) return marked;
    // six or more digits counted up or down, with a few letters or symbols (1234567ab, 12345678AbC,
    // Aa1234567-New): as much a dummy as 123456 itself
    if (s.length <= 16 && countedDigits(s)) return whole;
    // letters and digits both counted up, interleaved or not (A1B2C3D4E5F6G7H8I9J0, abcde12345)
    if (countedLettersAndDigits(s)) return whole;
    // a dummy word with only symbols after it (hunter2!, 123456!)
    if (words.has(s.replace(/[\W_]+$/, ''))) return marked;
    // a short prefix and a dummy (sdk-abc123, pk_test): a vendor's key format filled with a placeholder
    const prefixed = /^[a-z]{2,8}[-_](.{3,})$/.exec(s);
    if (prefixed && words.has(prefixed[1]!)) return marked;
    // a word with digits and a symbol (Monkey2019!) is how people make real passwords: only a marker lowers it
    // ...or its word names an account or role (Admin!23, Root2024!): the default everyone tries first
    if (humanPasswordShape(v.trim())) return v.trim().length <= 20 && (markerSegment(v, 4) || roles.has(s.replace(/[\d\W_]+$/, ''))) ? marked : undefined;
    // a dummy word with digits or symbols around it (admin123, qwerty42): weak, but people do
    // deploy such passwords, so no lower than a marker word
    // (a few of them: pw-123456789012! is a random number with a prefix, not a dummy)
    const tail = /[\d\W_]+$/.exec(s)?.[0] ?? '';
    const head = /^[\d\W_]+/.exec(s)?.[0] ?? '';
    if ((tail.length <= 6 && words.has(s.slice(0, s.length - tail.length))) || (head.length <= 6 && words.has(s.slice(head.length)))) return marked;
    return markerSegment(v) ? marked : undefined;
  };
}

/**
 * Bytes holding a readable string, as a serialised record does (protobuf, ASN.1 names): mostly
 * binary, with a printable run of 12 or more characters, or of 6 or more with a dummy marker in it. Random bytes almost never
 * hold either (a printable run of 12 has a chance of about 1 in 150,000 at each byte).
 */
function structured(bytes: string, markers: Set<string>): boolean {
  // mostly readable with a few bad bytes is damaged text, perhaps a user:password (not a record)
  const printable = bytes.match(/[\x20-\x7e]/g)?.length ?? 0;
  if (printable > bytes.length * 0.7) return false;
  for (const run of bytes.match(/[\x20-\x7e]{6,}/g) ?? []) {
    if (run.length >= 12) return true;
    if (run.toLowerCase().split(/[^a-z]+/).some((w) => markers.has(w))) return true;
  }
  return false;
}

/**
 * Base64 that decodes to text a person wrote: JSON, a PEM armour line, an htpasswd entry, or words
 * with a dummy marker among them ("ZXhhbXBsZS1hcHAtc2VjcmV0" is "example-app-secret", TESTKEY1).
 * Random bytes decode to none of them.
 */
function decodedTextFeature(f: JudgeSpec['value']['decoded-text'], markers: Set<string>, dummies: Set<string> = new Set()): ValueFeature {
  const a = applied(f);
  // the dummy-word route does not count in deployable configuration (a Secret's data is the leak)
  const words = { ...a, id: 'decoded-dummy', exceptDeployed: true };
  // binary with readable strings in it (a protobuf message naming a device, test123123): a record, not key material
  const binary = { ...a, id: 'decoded-record', exceptDeployed: true };
  // a few characters repeated (changemechangeme...): typed filler, whatever the rule's base
  const repeated = { ...a, id: 'decoded-repeat', weight: f.repeatWeight, reason: f.repeatReason };
  const prefixes = [...markers].filter((m) => m.length >= 4);
  return (v) => {
    let s = v.trim();
    // a short prefix before the base64 (DMS_YWNjZXNzX3Rva2Vu)
    const prefixed = /^[A-Z]{2,8}_(?=[A-Za-z0-9+/]{12,}={0,2}$)/.exec(s);
    if (prefixed) s = s.slice(prefixed[0].length);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
    // a value cut short by the rule's length limit still decodes in whole 4-character groups
    const body = s.length % 4 === 0 ? s : s.replace(/=+$/, '');
    const b64 = body.slice(0, body.length - (body.length % 4)).replace(/-/g, '+').replace(/_/g, '/');
    // short ones (YWRtaW4= is "admin") are below the encoded pass's minimum: printable ASCII only
    const short = s.length >= 8 && s.length < 16 && s.length % 4 === 0 ? Buffer.from(s, 'base64').toString('latin1') : undefined;
    const text = decodeBase64Text(b64) ?? (short && /^[\x20-\x7e]+$/.test(short) ? short : undefined);
    if (text === undefined) return s.length <= 200 && b64.length >= 16 && structured(Buffer.from(b64, 'base64').toString('latin1'), markers) ? binary : undefined;
    if (periodic(text.trim())) return repeated;
    // JSON, a PEM armour line (the encoded-value pass scans a whole key; cut anywhere in its dashes,
    // "--BEGIN ..." is base64 of a header's tail taken for a password), an htpasswd entry
    if (/^\s*[{[]\s*"/.test(text) || /^-{1,5}(?:BEGIN|END) /.test(text) || /^[\w.@-]{1,64}:(?:\$|\{[A-Z0-9-]+\})/.test(text)) return a;
    // the name of what it stands for (access_token, client-secret): a placeholder
    if (/^[a-z]+(?:[_-][a-z]+){0,3}$/i.test(text.trim()) && /token|secret|passw|key|credential/i.test(text)) return a;
    // an HTTP Authorization value, base64 again (Basic dGVzdHVzZXI6...): its user:password made of dummy words
    const auth = /^Basic\s+([A-Za-z0-9+/]{8,}={0,2})$/.exec(text.trim());
    if (auth) {
      const login = Buffer.from(auth[1]!, 'base64').toString('latin1');
      const parts = login.toLowerCase().split(/[^a-z]+/).filter(Boolean);
      if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(login) && parts.some((w) => markers.has(w) || dummies.has(w) || prefixes.some((m) => w.startsWith(m)))) return words;
    }
    const ws = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
    // a marker among words ("example-app-secret"), or at the start of one word (TESTKEY1, password)
    if (ws.length >= 2 && ws.some((w) => markers.has(w))) return words;
    // one dummy word (YWRtaW4= is "admin"), or a word starting with a marker
    if (ws.length === 1 && /^[A-Za-z0-9_]{4,}$/.test(text.trim()) && (dummies.has(text.trim().toLowerCase()) || prefixes.some((m) => ws[0].startsWith(m)))) return words;
    return undefined;
  };
}

/**
 * An unsigned JSON Web Token (alg "none"): it proves nothing and opens nothing that checks
 * signatures. (The JWT debugger's sample and expired tokens are not lowered: a reviewer takes any
 * JWT for a credential at a glance.)
 */
function jwtFeature(f: JudgeSpec['value']['jwt']): ValueFeature {
  const unsigned = applied(f);
  const shortSig = applied(f, f.weight, f.shortReason);
  return (v) => {
    const m = /^(eyJ[\w-]*)\.eyJ[\w-]*\.([\w-]*)$/.exec(v.trim());
    if (!m) return undefined;
    // a signature far shorter than any algorithm's (HS256's is 43 characters): made up for a test
    if (m[2]!.length > 0 && m[2]!.length < f.minSignature) return shortSig;
    try {
      const header = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { alg?: unknown } | null;
      return header && typeof header.alg === 'string' && header.alg.toLowerCase() === 'none' ? unsigned : undefined;
    } catch {
      return undefined;
    }
  };
}

/** A published example value, by SHA-256; a value repeating one (its period) counts too. */
function wellKnownFeature(f: JudgeSpec['value']['well-known']): ValueFeature {
  const known = new Set(f.sha256.map((h) => h.toLowerCase()));
  const a = applied(f);
  const digest = (x: string) => createHash('sha256').update(x).digest('hex');
  return (v) => {
    const s = v.trim();
    if (s.length < 6 || s.length > 200) return undefined;
    if (known.has(digest(s))) return a;
    // the shortest period of a repeated value (JBSWY3DPEHPK3PXP twice)
    for (let p = 8; p <= s.length / 2; p++) {
      if (s.length % p === 0 && s.slice(0, p).repeat(s.length / p) === s) return known.has(digest(s.slice(0, p))) ? a : undefined;
    }
    return undefined;
  };
}

/** Every run of one character is three or more long (0000111122223333). Linear, no regex. */
function runsOfThree(s: string): boolean {
  let run = 1;
  for (let i = 1; i <= s.length; i++) {
    if (i < s.length && s[i] === s[i - 1]) run++;
    else if (run < 3) return false;
    else run = 1;
  }
  return s.length > 0;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_RUN_ROWS = ['1234567890', '!@#$%^&*()', ...KEYBOARD_ROWS];

/**
 * The share of `v`'s characters that lie in runs of three or more keys along one keyboard row, either
 * way (asdf, 4321, qwer, !@#; case ignored; a run turning back starts a new one at the turn). Drawn
 * at random, a character continues a run with a chance of about 1 in 30: a generated value's share
 * stays near zero.
 */
export function keyboardRunShare(v: string): number {
  const s = v.toLowerCase();
  const covered = new Uint8Array(s.length);
  let start = 0;
  let dir = 0;
  const close = (end: number) => {
    if (end - start >= 3) covered.fill(1, start, end);
  };
  for (let i = 1; i < s.length; i++) {
    const d = direction(s[i - 1]!, s[i]!);
    if (d !== 0 && (dir === 0 || d === dir)) {
      dir = d;
      continue;
    }
    close(i);
    // a turn (asa): the new run starts at the turning key
    start = d !== 0 ? i - 1 : i;
    dir = d;
  }
  close(s.length);
  let n = 0;
  for (const c of covered) n += c;
  return s.length ? n / s.length : 0;
}

/** +1 or -1: which way along its row the step from a to b goes (0 when not on one row). */
function direction(a: string, b: string): number {
  for (const r of KEY_RUN_ROWS) {
    const i = r.indexOf(a);
    if (i >= 0 && r[i + 1] === b) return 1;
    if (i >= 0 && i > 0 && r[i - 1] === b) return -1;
  }
  return 0;
}

/**
 * Letters hit at random on a keyboard (geqgeagae, wefewe, dhjsakjfda): one case, 6 to 16 letters,
 * with at most half of them distinct, or all on one keyboard row. A generator draws from the whole
 * alphabet: random letters of this length almost never do either.
 */
export function keyboardMash(v: string): boolean {
  if (v.length >= 8 && v.length <= 64 && keyboardRunShare(v) >= 0.6) return true;
  if (!/^(?:[a-z]{6,16}|[A-Z]{6,16})$/.test(v)) return false;
  const s = v.toLowerCase();
  if (new Set(s).size * 2 <= s.length) return true;
  return KEYBOARD_ROWS.some((r) => [...s].every((c) => r.includes(c)));
}

/**
 * Words that describe the value to put there (long-and-random-alphanumeric-string, "secure password"):
 * two or more words (split at spaces, dashes, underscores, dots and case changes), each from the
 * feature's words or a number, one a cue word.
 */
function instructionFeature(f: JudgeSpec['value']['instruction']): ValueFeature {
  const a = applied(f);
  const words = new Set(f.words);
  const cues = new Set(f.cues);
  return (v) => {
    const s = v.trim();
    if (s.length > 120 || !/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/.test(s)) return undefined;
    const parts = keyWords(s);
    if (parts.length < 2) return undefined;
    return parts.every((w) => words.has(w) || /^\d{1,3}$/.test(w)) && parts.some((w) => cues.has(w)) ? a : undefined;
  };
}

/**
 * A unit of 2 to 16 characters repeated three times or more, and nothing else but the start of it
 * again (testing123testing123testing123; changemechangemechange, base64 cut mid-unit).
 */
function periodic(s: string): boolean {
  if (s.length < 12) return false;
  for (let n = 2; n <= 16 && n * 3 <= s.length; n++) {
    const unit = s.slice(0, n);
    if (unit.repeat(Math.ceil(s.length / n)).slice(0, s.length) === s) return true;
  }
  return false;
}

/** Few distinct characters over a long value (dfgdfgdzfgdgdfgdfg, abcabcabc). */
function repetitiveFeature(f: JudgeSpec['value']['repetitive']): ValueFeature {
  const a = applied(f);
  return (v) => {
    const s = v.trim();
    if (periodic(s.replace(/^[a-z0-9]{2,10}:/i, '').replace(/=+$/, ''))) return a;
    if (s.length < f.minLength || !/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
    // groups of four or more repeated between dashes (bfb152df-abcd-abcd-abcd-ccb95a472d01): a masked UUID
    const groups = s.split('-').filter((g) => g.length >= 4);
    if (groups.length >= 3 && new Set(groups).size <= groups.length - 2) return a;
    // runs of one character, each three or more long (0000111122223333)
    if (s.length >= 12 && runsOfThree(s.replace(/[_-]/g, ''))) return a;
    const distinct = new Set(s.toLowerCase().replace(/[_-]/g, '')).size;
    return distinct <= (s.length >= 20 ? 6 : s.length >= 12 ? 4 : 3) ? a : undefined;
  };
}

export function compileValueFeatures(spec: JudgeSpec, wordness: Wordness): ValueFeature[] {
  // Each table's name is its feature's id (what a rule's `ignore` names).
  const v = Object.fromEntries(Object.entries(spec.value).map(([id, f]) => [id, { ...f, id }])) as unknown as JudgeSpec['value'];
  const wl = v.wordlike;
  const rnd = v.random;
  const sh = v.short;
  const nonAscii = applied(v['non-ascii']);
  const mash = applied(v.mash);
  const lr = v['long-random'];
  // the two features below ask about the same value one after the other: measured once
  let last: { s: string; looks: ReturnType<typeof measureRandomness> } | undefined;
  const randomness = (s: string) => (last?.s === s ? last.looks : (last = { s, looks: measureRandomness(s) }).looks);
  /** How a value's characters read: typed at random on a keyboard, words, random, or neither. */
  function measureRandomness(s: string): 'mash' | 'words' | 'random' | undefined {
    // typed, not generated: as weak as dictionary words (the same group), and never random-looking
    if (keyboardMash(s.trim())) return 'mash';
    // words in leetspeak look random by their characters and are typed (Str1peB1ll1ng2024#)
    const leet = leetLetters(s);
    if (leet !== undefined && wordness.readsAsWords(leet, wl)) return humanPasswordShape(s) ? undefined : 'words';
    // a hex run's letters (ff0ef5da) are not words, whatever the model makes of them
    const m = wordness.measure(withoutHexRuns(s));
    // random by its characters too: a long value with high Shannon entropy (hex and base64 tokens)
    const dense = s.length >= rnd.minLength && shannonEntropy(s) >= rnd.minEntropy && /\d/.test(s) && /[A-Za-z]/.test(s);
    if (m.bits === undefined || m.letters < wl.minLetters || m.letters < s.length * wl.minShare) return dense ? 'random' : undefined;
    if (m.bits < wl.maxBits) return humanPasswordShape(s) ? undefined : 'words';
    if ((m.bits >= rnd.minBits && m.letters >= rnd.minLetters) || dense) return 'random';
    return undefined;
  }
  return [
    regexFeature(v.reference),
    regexFeature(v.template),
    regexFeature(v['constant-name']),
    regexFeature(v.named),
    regexFeature(v.code),
    regexFeature(v.payload),
    regexFeature(v.validation),
    regexFeature(v.mask),
    regexFeature(v.regex),
    sameAsKeyFeature(v['same-as-key']),
    regexFeature(v.encrypted),
    regexFeature(v.public),
    regexFeature(v.date),
    regexFeature(v.hash),
    regexFeature(v.version),
    regexFeature(v.path),
    regexFeature(v.algorithm),
    regexFeature(v.message),
    regexFeature(v['label-path']),
    regexFeature(v.email),
    jwtFeature(v.jwt),
    wellKnownFeature(v['well-known']),
    repetitiveFeature(v.repetitive),
    regexFeature(v.option),
    regexFeature(v['level-word']),
    regexFeature(v.charset),
    instructionFeature(v.instruction),
    proseFeature(v.prose, wordness, wl.maxBits),
    (s) => (NON_ASCII.test(s) && (s.match(/[^\x00-\x7f]/g) ?? []).length * 2 >= s.length && /\p{L}/u.test(s) ? nonAscii : undefined),
    identifierFeature(v.identifier, wordness, wl.maxBits),
    dummyFeature(v.dummy, wordness, wl.maxBits),
    decodedTextFeature(v['decoded-text'], new Set(v.dummy.markers), new Set(v.dummy.words.map((w) => w.toLowerCase()))),
    (s) => {
      const looks = randomness(s);
      return looks === 'mash' ? mash : looks === 'words' ? applied(wl) : looks === 'random' ? applied(rnd) : undefined;
    },
    // long and random with nothing about its shape saying otherwise (the "shape" group: a digest under
    // a hash's name, an unsigned token beat it): credential-shaped even in a test
    (s) => (s.trim().length >= lr.minLength && randomness(s) === 'random' ? applied(lr) : undefined),
    (s) => (s.length < sh.tiny ? applied(sh) : undefined),
  ];
}
