// Named checks a captured value must pass, referenced from rules by name (`checks = [...]`).
// They hold the judgement that a regex alone cannot: is this a real value, or a placeholder,
// a reference to the environment, a type, a label, a key name?

export type ValueCheck = (value: string, context: { key?: string; line: string }) => boolean;

const PLACEHOLDER_WORDS =
  /^(?:changeme|change_me|change-me|replace[_-]?me|placeholder|example|sample|dummy|test|testing|todo|tbd|fixme|none|null|nil|undefined|true|false|yes|no|redacted|removed|hidden|secret|password|passwd|pass|pwd|token|apikey|api_key|string|str|value|default|empty|required|optional|your[_-]?\w*|my[_-]?(?:password|secret|token)|\w*[_-]here|enter[_ -]?\w*|insert[_ -]?\w*|put[_ -]?\w*|fill[_ -]?\w*)$/i;

/** Not a placeholder such as <password>, your-password-here, xxxx, ****, changeme. */
export const notPlaceholder: ValueCheck = (v) => {
  const s = v.trim();
  if (s.length === 0) return false;
  if (/^<[^<>]*>$/.test(s) || /^\[[^\[\]]*\]$/.test(s) || /^\{[^{}]*\}$/.test(s) || /^\([^()]*\)$/.test(s)) return false;
  if (/^(.)\1+$/.test(s)) return false; // xxxx, ****, 0000, ....
  if (/^[xX*•.#_-]{3,}/.test(s) && /^[xX*•.#_\-0-9]*$/.test(s)) return false;
  if (/x{4,}|\*{3,}|X{4,}/.test(s)) return false;
  if (PLACEHOLDER_WORDS.test(s)) return false;
  if (/^(?:your|my|the|some|a|an)[\s_-]/i.test(s) && /[\s_-](?:here|password|secret|token|key|pass)\b/i.test(s)) return false;
  if (/(?:^|[_-])(?:example|placeholder|dummy|redacted)(?:$|[_-])/i.test(s)) return false;
  if (/EXAMPLE(?:KEY)?$/.test(s)) return false;
  return true;
};

/** Not read from the environment, a template or a secret store. */
export const notReference: ValueCheck = (v) => {
  const s = v.trim();
  if (/^\$\{[^}]*\}?$/.test(s) || /^\$\{\{/.test(s) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(s) || /^\$\(/.test(s)) return false;
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(s) || /^%\([A-Za-z_]\w*\)s$/.test(s)) return false;
  if (/\{\{[^}]*\}\}/.test(s) || /^\{\{/.test(s) || /<%=?[^%]*%>/.test(s) || /^<%/.test(s) || /^#\{[^}]*\}$/.test(s)) return false;
  if (/\$\{[A-Za-z_][\w.:-]*\}/.test(s) && s.replace(/\$\{[^}]*\}/g, '').length < 4) return false;
  if (/^(?:process\.env|os\.environ|os\.getenv|getenv|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|env\(|secrets\.|vars\.|var\.|local\.|data\.|module\.|ssm:|vault:|arn:aws:secretsmanager|aws-sm:|sm:\/\/)/.test(s)) return false;
  if (/^!(?:Ref|Sub|GetAtt|ImportValue|FindInMap)\b/.test(s)) return false;
  if (/^(?:ENC|enc)\(.*\)$/.test(s)) return false; // jasypt-encrypted
  return true;
};

/** Not a type annotation or keyword: password: string, Optional[str]. */
export const notType: ValueCheck = (v) =>
  !/^(?:string|str|String|number|int|integer|bool|boolean|any|unknown|object|char|bytes|SecureString|SecretStr|Optional\[\w+\]|\w+\[\]|None|null|undefined)\??;?$/.test(v.trim());

/** Not a sentence or UI label: "Forgot your password?", "Enter password". */
export const notLabel: ValueCheck = (v) => {
  const s = v.trim();
  const words = s.split(/\s+/).filter(Boolean);
  if (words.length >= 3 && /^[A-Za-z][A-Za-z' ,.?!:-]*$/.test(s)) return false;
  if (words.length >= 2 && /[?!:.]$/.test(s) && /^[A-Za-z][A-Za-z' ]*[?!:.]$/.test(s)) return false;
  if (words.length >= 2 && /^(?:enter|confirm|new|old|current|your|forgot|reset|change|repeat|show|hide|invalid|wrong)\b/i.test(s)) return false;
  return true;
};

/** Not a config key or field name standing where a value would: "db.password", "DB_PASSWORD". */
export const notKeyName: ValueCheck = (v) => {
  const s = v.trim();
  const secretWord = /pass|pwd|secret|token|key|cred|auth/i;
  if (!secretWord.test(s)) return true;
  if (/^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+$/i.test(s) && /[._]/.test(s)) return false; // db.password, spring.datasource.password
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(s)) return false; // DB_PASSWORD
  if (/^[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(s) && /(?:Password|Secret|Token|Key)$/.test(s)) return false; // dbPassword
  return true;
};

/** Not code: a call, member access or identifier where a literal would stand (unquoted contexts). */
export const notCode: ValueCheck = (v) => {
  const s = v.trim();
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(.*\)?[;,]?$/.test(s)) return false; // get_password(), config.get(
  if (/^(?:this|self|cls|@|\$this->)[.\->]?[A-Za-z_]/.test(s)) return false;
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*){1,}$/.test(s) && !/\d/.test(s)) return false; // settings.DB_PASS
  if (/^(?:new|await|require|import)\b/.test(s)) return false;
  return true;
};

/** Not a UUID, a git commit hash or an integrity hash. */
export const notHash: ValueCheck = (v) => {
  const s = v.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return false;
  if (/^[0-9a-f]{40}$/.test(s) || /^[0-9a-f]{64}$/.test(s) && false) return false;
  if (/^(?:sha1|sha256|sha384|sha512|md5)[-:]/i.test(s)) return false;
  return true;
};

/** Has both letters and digits or symbols — for generic high-entropy tokens. */
export const mixedChars: ValueCheck = (v) => /[A-Za-z]/.test(v) && /[0-9]/.test(v);

/** Not a hex-only string (commit hashes, checksums) — for base64-alphabet keys like AWS secrets. */
export const notHexOnly: ValueCheck = (v) => !/^[0-9a-fA-F]+$/.test(v);

/** Upper case, lower case and digits all present (AWS secret access keys). */
export const mixedCase: ValueCheck = (v) => /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v);

/** Not a file path or URL without credentials. */
export const notPath: ValueCheck = (v) => {
  const s = v.trim();
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)[\w./\\-]*$/.test(s) && !/\s/.test(s)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(s)) return false;
  return true;
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
  'mixed-case': mixedCase,
  'not-path': notPath,
};
