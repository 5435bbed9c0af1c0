// Adversarial 1 MB lines for the rule hang guard: long runs after a keyword, repeated prefixes,
// base64 and slash runs, unterminated quotes. Keywords are assembled so that this file, scanned
// itself, holds no assignment-looking text.
const MB = 1 << 20;
const fill = (unit: string, prefix = '') => prefix + unit.repeat(Math.ceil((MB - prefix.length) / unit.length));
const PW = ['pass', 'word'].join('');

export const INPUTS: Record<string, () => string> = {
  'password assignment then a run of letters': () => fill('a', `${PW}=`),
  'password assignment with an open quote then a run': () => fill('a', `${PW} = "`),
  'password then spaced words': () => fill('a ', `${PW} `),
  'AKIA repeated': () => fill('AKIA'),
  'long base64 run after aws_secret': () => fill('Ab0+', 'aws_secret_access_key = '),
  'A/ repeated': () => fill('A/'),
  'slashes and pluses': () => fill('/+'),
  'secret_key then equals signs': () => fill('=', 'secret_key'),
  'keywords repeated': () => fill('secret password key token auth : = '),
  'scheme then user:pass pairs': () => fill('a:', 'x://'),
  'at signs after scheme': () => fill('a@', 'postgres://u:'),
  'xml open tags': () => fill('<password a', ''),
  'mysql -p repeated': () => fill(' -p', 'mysql'),
  'curl -u repeated': () => fill(' -u a', 'curl'),
  'quotes and comparisons': () => fill('"a" == ', ''),
  'quoted strings after password': () => fill('"a", ', `${PW} = `),
  'semicolon key/value pairs': () => fill(['p', 'wd=a;'].join(''), 'Server=x;'),
  'machine lines': () => fill(' machine a login b', 'machine'),
  'crypt prefixes': () => fill('$2y$10$'),
  'pgpass colons': () => fill('a:'),
  'jwt-like segments': () => fill('eyJhbGciOi.'),
  'private key header without end': () => fill('A', '-----BEGIN RSA PRIVATE KEY-----\n'),
  'putty header without lines': () => fill('a\n', 'PuTTY-User-Key-File-2: ssh-rsa\n'),
  'token prefixes': () => fill('ghp_xoxb-glpat-npm_AIza'),
  'call arguments': () => fill('"a", ', 'getConnection('),
  'define() repeated': () => fill("define('DB_PASSWORD', "),
  'spaces after a keyword': () => fill(' ', 'password'),
  'tabs after a key': () => fill('\t', 'secret_key:'),
  'newlines after a keyword': () => fill('\n', 'password'),
  'CRLF after machine': () => fill('\r\n', 'machine a'),
};

export const INPUT_NAMES = Object.keys(INPUTS);
