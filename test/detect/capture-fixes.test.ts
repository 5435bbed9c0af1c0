// Capture fixes and misses found on real code: each rule change has a positive that must be found with
// the right captured value, and a negative that must not be found. Credential-looking values are built
// at run time from a seeded generator, and secret words are assembled, so this file holds no
// assignment that looks like a live credential.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import type { Finding } from '../../src/types.js';
import { notFragment, notPasswordHash, notReference, notVersion, plausibleKeyBody, plausibleKeyFragment } from '../../src/detect/value-checks.js';

function detector(): Detector {
  const empty = mkdtempSync(join(tmpdir(), 'lg-capture-'));
  try {
    return new Detector(loadConfig({ root: empty }));
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}
const d = detector();

// A seeded generator (mulberry32): the same values every run, none of them in the source.
let seed = 0x5eed1e55;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
const UP = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LO = 'abcdefghijkmnopqrstuvwxyz';
const DIG = '23456789';
/** A password-shaped value: upper, lower and digits, 12 characters. */
const pw = () => pick(UP, 2) + pick(LO, 6) + pick(DIG, 2) + pick(LO, 2);
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Secret words, assembled.
const PASSWORD = ['pass', 'word'].join('');
const Password = 'P' + PASSWORD.slice(1);
const PASS = 'PA' + 'SS';
const PK = ['PRIVATE', 'KEY'].join(' ');

function scan(path: string, text: string): Finding[] {
  return d.detect({ path, text: text.endsWith('\n') ? text : text + '\n' });
}
function secrets(path: string, text: string): string[] {
  return scan(path, text).map((f) => f.secret);
}
function expectFound(path: string, text: string, value: string, rule?: string): void {
  const found = scan(path, text);
  const hit = found.find((f) => f.secret === value);
  expect(hit, `${path}: ${text}\n  found: ${found.map((f) => `${f.ruleId}[${f.secret}]`).join(', ') || 'nothing'}`).toBeDefined();
  if (rule) expect(hit!.ruleId).toBe(rule);
}
function expectNone(path: string, text: string): void {
  const found = scan(path, text);
  expect(found.map((f) => `${f.ruleId}[${f.secret}]`), `${path}: ${text}`).toEqual([]);
}

describe('connection-string-password', () => {
  it('still finds a password in a connection string', () => {
    const v = pw();
    expectFound('App.cs', `var cs = "Server=db;User Id=app;${Password}=${v};";`, v, 'connection-string-password');
    expectFound('run.sh', `curl "https://h/api?user=a&passphrase=${v}&x=1"`, v, 'connection-string-password');
  });
  it('does not take a comparison or a PowerShell hashtable for one', () => {
    expectNone('App.cs', `if (ok && ${PASSWORD} == null) return;`);
    expectNone('App.cs', `x = 1; pwd == cred.${Password}`);
    expectNone('App.cs', `if (a && pwd === users[name]) done();`);
    expectNone('App.cs', `${Password} = item.Output.${Password} != null`);
    expectNone('deploy.ps1', `$body = @{ user = "u"; ${PASSWORD} = @{ type = "securestring" } }`);
    expectNone('deploy.ps1', `"x"; ${PASSWORD} = @{ type = "x" }`);
  });
  it('leaves a bare upper-case PASSWORD = x line to the config rule', () => {
    const v = pw();
    expectFound('setup.sh', `${PASSWORD.toUpperCase()} = ${v}`, v, 'password-config-value');
  });
});

describe('credential-call-arguments', () => {
  it('captures the password, never the user after a URL', () => {
    const v = pw();
    expectFound('Db.java', `Connection c = DriverManager.getConnection("jdbc:mysql://db:3306/app", "appuser", "${v}");`, v, 'credential-call-arguments');
    expectFound('Ftp.java', `ftp.login("deploy", "${v}");`, v, 'credential-call-arguments');
    // the password is a variable or empty: the literal after the URL is the user name
    expectNone('Db.java', `c = DriverManager.getConnection("jdbc:mysql://db:3306/app", "appuser", secretVar);`);
    expectNone('Db.java', `c = DriverManager.getConnection("jdbc:mysql://db:3306/app", "appuser", "");`);
    expectNone('Db.java', `client.connect("db.internal:5432", "appuser");`);
    expectNone('Auth.java', `authService.authenticate(BEARER + TOKEN, "/users", "POST");`);
  });
});

describe('captured values that are fragments of the surrounding code', () => {
  it('does not report a shell command, an option or a multi-line string', () => {
    expectNone('ci.yml', '          APP_' + PASSWORD.toUpperCase() + '=`echo $AZURE_CREDENTIALS | jq -r -c ".clientSecret"`');
    const noPw = ['--no', PASSWORD].join('-');
    expectNone('run.sh', `NO_PWD="${noPw}"`);
    expectNone('run.sh', 'pw_option=" -p$DB_PW"');
    expectNone('run.sh', `docker exec db sh -c "${PASSWORD}:" -u root /bin/sh -c 'echo ok'`);
    expectNone('app.py', `cfg = "${PASSWORD}: line one\\nline two"`);
  });
  it('checks: notFragment', () => {
    expect(notFragment('abc",', { line: '' })).toBe(false);
    expect(notFragment("abc');", { line: '' })).toBe(false);
    expect(notFragment('a\\nb', { line: '' })).toBe(false);
    expect(notFragment(' -u root /bin/sh -c ', { line: '' })).toBe(false);
    expect(notFragment('perl -le \'print $ENV{"x"}\'', { line: '' })).toBe(false);
    expect(notFragment('Summer${', { line: '' })).toBe(false); // cut inside an interpolation
    expect(notFragment('C:\\\\new', { line: '' })).toBe(true); // an escaped backslash, then n
    expect(notFragment(pw(), { line: '' })).toBe(true);
    expect(notFragment('correct horse battery', { line: '' })).toBe(true);
  });
  it('an unquoted config value inside a string stops at the closing quote', () => {
    expect(secrets('mock.conf', 'passwd: q{{r}s)t${u]vw(xy}z`')).toEqual(['q{{r}s)t${u]vw(xy}z']);
  });
});

describe('private keys', () => {
  const line64 = () => pick(B64, 64);
  const body = (lines: number) => Array.from({ length: lines }, line64).join('\n');
  const block = (b: string, kind = 'RSA ') => `-----BEGIN ${kind}${PK}-----\n${b}\n-----END ${kind}${PK}-----\n`;
  // A DER body whose SEQUENCE header says 0x04a3 bytes (an RSA 2048 key), then random base64.
  const der = (chars: number) => 'MIIEowIBAAKCAQEA' + pick(B64, chars - 16);
  const wrap = (s: string) => s.match(/.{1,64}/g)!.join('\n');

  it('finds a whole key, in a file, in a JSON string and without its END line', () => {
    const k = wrap(der(1588));
    expect(scan('id_rsa', block(k)).map((f) => f.kind)).toEqual(['private-key']);
    expect(scan('cfg.json', `{"key": "${block(k).replace(/\n/g, '\\n')}"}`).map((f) => f.kind)).toEqual(['private-key']);
    expect(scan('notes.txt', `-----BEGIN RSA ${PK}-----\n${k}\n`).map((f) => f.kind)).toEqual(['private-key']);
    expect(scan('k.pem', block(body(6), 'OPENSSH ')).map((f) => f.kind)).toEqual(['private-key']);
  });
  it('does not report placeholder bodies', () => {
    expectNone('README.md', block('...'));
    expectNone('README.md', block('<key content>'));
    expectNone('README.md', block('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nxxxxxxxxxxxxxxxxxxxxxxxxxxxx'));
    expectNone('README.md', block('anything'));
    expectNone('README.md', block(pick(B64, 36) + '='));
  });
  it('does not report a README key cut after its first line', () => {
    const first = der(64);
    expectNone('README.md', `-----BEGIN RSA ${PK}-----\n${first}\n`);
    expectNone('README.md', block(`${first}\n...`));
    expectNone('README.md', block(`${first}\n${pick(B64, 64)}\n...\n${pick(B64, 40)}=`));
    expectNone('docs.md', `key = "-----BEGIN RSA ${PK}-----\\n${first}\\n..."`);
    // cut after three lines, with no END: far shorter than its DER header says
    expectNone('README.md', `-----BEGIN RSA ${PK}-----\n${wrap(der(192))}\n`);
  });
  it('checks: plausibleKeyBody / plausibleKeyFragment', () => {
    expect(plausibleKeyBody('\n' + wrap(der(1588)) + '\n', { line: '' })).toBe(true);
    expect(plausibleKeyBody('\n-----END X-----\n-----BEGIN X-----\n' + body(4), { line: '' })).toBe(false);
    expect(plausibleKeyFragment(der(64), { line: '' })).toBe(false);
    expect(plausibleKeyFragment(wrap(der(1588)), { line: '' })).toBe(true);
    expect(plausibleKeyFragment(pick(B64, 240), { line: '' })).toBe(true); // the single-line form
  });
});

describe('template placeholders and command substitution as values', () => {
  it('are not findings', () => {
    expectNone('db.yml', `  ${PASSWORD}: "###ORACLE_PWD###"`);
    expectNone('pipeline.yml', `  ${PASSWORD}: ((db-${PASSWORD}))`);
    expectNone('run.sh', `${PASS}=\`awk -F= '/pass/ {print $2}' f | cut -d= -f2\``);
    expectNone('run.sh', `${PASS}=\`grep pass conf | cut -d= -f2\``);
    expectNone('run.sh', `DB_${PASSWORD.toUpperCase()}=$(cat /run/secrets/db)`);
    expectNone('run.sh', `${PASSWORD.toUpperCase()}="$(cat /run/secrets/x)"`);
  });
  it('checks: notReference', () => {
    for (const v of ['###ORACLE_PWD###', '((secret))', '`awk -F= x f | cut -d= -f2`', '`awk', '$(cat /run/secrets/x)', '%%DB_PASS%%']) expect(notReference(v, { line: '' }), v).toBe(false);
    expect(notReference('`' + pw() + '`', { line: '' })).toBe(true); // a backticked literal
    expect(notReference('#' + pw(), { line: '' })).toBe(true);
  });
});

describe('URL credentials', () => {
  it('skips documentation hosts with word-like passwords and placeholders', () => {
    expectNone('README.md', `export http_proxy=http://john:<pw>@proxy.example.com:8080`);
    expectNone('README.md', `mysql://user:${PASSWORD}@host/db`);
    expectNone('docs.md', 'E.g.: `https://1234abcd:5678ef@sentry.example.com/30`');
    expectNone('test.ts', 'url: "mongodb://testuser:testpwd@test-primary.example.com:27017/testdb"');
    expectNone('test.go', 'DSN: "postgres://postgres:pw@localhost:%s/postgres?sslmode=disable",');
  });
  it('still reports a random-looking password, on any host', () => {
    const v = pw();
    expectFound('.env', `DATABASE_URL=postgres://app:${v}@db.legacy.example.org:5432/app`, v, 'url-credentials');
    expectFound('.env', `DATABASE_URL=postgres://app:${v}@localhost:5432/app`, v, 'url-credentials');
    expectFound('conf.txt', `redis://:${v}@cache.internal:6379`, v, 'url-credentials');
  });
  it('finds a URL whose host is a format verb', () => {
    const v = pw();
    expectFound('main.go', `url := fmt.Sprintf("nats://usr:${v}@%s:%d", host, port)`, v, 'url-credentials');
    expectFound('main.py', `url = "postgresql://app:${v}@{host}/db".format(host=h)`, v, 'url-credentials');
  });
});

describe('lock files and versions', () => {
  it('package names holding "pass" with versions are not passwords', () => {
    expectNone('package-lock.json', '    "fs-minipass": "^2.1.0",\n    "pgpass": "1.0.5",\n    "minipass": "~3.1.6",\n      "pg-pass": ">=2",');
    expectNone('yarn.lock', 'pgpass@1.x:\n  version "1.0.5"\nminipass "^3.0.0"');
    expectNone('pnpm-lock.yaml', '  minipass: 3.3.6\n  pgpass: 1.0.5');
    expectNone('package.json', '"owasp-password-strength-test": "~1.3.0"');
  });
  it('a password that is not a version is still found', () => {
    const v = pw();
    expectFound('config.json', `{"db_${PASSWORD}": "${v}"}`, v, 'password-assignment');
    expectFound('.env', `PG${PASS}=${v}`, v);
  });
  it('checks: notVersion', () => {
    for (const v of ['^2.1.0', '~1.0', '1.0.5', '>=2', '1.x', '>=1.2.3 <2.0.0', '1.x || 2.x', 'v1.2.3-beta.1']) expect(notVersion(v, { line: '' }), v).toBe(false);
    for (const v of ['123456', pw(), '2', 'r1.2x!', 'abc1.2']) expect(notVersion(v, { line: '' }), v).toBe(true);
  });
});

describe('password hashes as values', () => {
  const bcrypt = () => '$2a$10$' + pick('./' + B64.slice(0, 62), 53);
  it('are not reported as passwords (password-hash-crypt may still warn on crypt hashes)', () => {
    const h = bcrypt();
    const found = scan('seed.ts', `const u = { ${PASSWORD}: "${h}" };`);
    expect(found.map((f) => [f.ruleId, f.secret])).toEqual([['password-hash-crypt', h]]);
    expectNone('seed.ts', `${PASSWORD}: "$argon2id$v=19$m=65536,t=3,p=4$${pick(B64, 22)}$${pick(B64, 43)}"`);
    expectNone('users.ldif', `user${Password}: "{SSHA}${pick(B64, 32)}=="`);
    expectNone('seed.py', `${PASSWORD} = "pbkdf2_sha256$260000$${pick(LO, 22)}$${pick(B64, 43)}="`);
    const crypt = `$1$${pick(LO, 8)}$${pick(B64.replace(/[+]/g, '.'), 22)}`;
    expect(scan('seed.py', `${PASSWORD} = "{CRYPT}${crypt}"`).map((f) => [f.ruleId, f.secret])).toEqual([['password-hash-crypt', crypt]]);
  });
  it('checks: notPasswordHash', () => {
    expect(notPasswordHash(bcrypt(), { line: '' })).toBe(false);
    expect(notPasswordHash('$6$' + pick(LO, 8) + '$' + pick(B64.replace(/[+]/g, '.'), 86), { line: '' })).toBe(false);
    expect(notPasswordHash('$' + pw(), { line: '' })).toBe(true);
    expect(notPasswordHash('{' + pw() + '}', { line: '' })).toBe(true);
  });
});

describe('misses now found', () => {
  it('properties, shell and Makefile assignments', () => {
    const v = pw();
    expectFound('db.properties', `db.${PASSWORD} = ${v}`, v, 'password-config-value');
    expectFound('Makefile', `DB_${PASSWORD.toUpperCase()} := ${v}`, v, 'password-config-value');
    expectFound('run.sh', `pass` + `phrase=${v}`, v);
  });
  it('Scala Some("...")', () => {
    const v = pw();
    expectFound('Conf.scala', `val ${PASSWORD} = Some("${v}")`, v, 'password-assignment');
    expectNone('Conf.scala', `val ${PASSWORD} = Some(readSecret())`);
  });
  it('YAML flow mappings', () => {
    const v = pw();
    expectFound('values.yaml', `db: {user: svc, ${PASSWORD}: ${v}}`, v, 'password-yaml-flow-map');
    expectNone('values.yaml', `db: {user: svc, ${PASSWORD}: \${DB_PASS}}`);
    expectNone('main.go', `a := Auth{Username: username, ${Password}: userPass}`);
  });
  it('password_confirmation and Capybara fill_in', () => {
    const v = pw();
    expectFound('users.yml', `${PASSWORD}_confirmation: "${v}"`, v, 'password-assignment');
    expectFound('user_spec.rb', `ben.${PASSWORD}_confirmation = "${v}"`, v, 'password-assignment');
    expectFound('login_spec.rb', `fill_in :${PASSWORD}, with: "${v}"`, v, 'capybara-fill-in-password');
    expectFound('login_spec.rb', `fill_in "${Password}", with: '${v}'`, v, 'capybara-fill-in-password');
    expectNone('login_spec.rb', `fill_in :${PASSWORD}, with: user.${PASSWORD}`);
    expectNone('errors.exs', `"${PASSWORD}_confirmation" => "does not match"`);
  });
  it('setters and credential constructors with one literal', () => {
    const v = pw();
    expectFound('Db.java', `dataSource.set${Password}("${v}");`, v, 'password-setter-literal');
    expectFound('Db.java', `//        dataSource.set${Password}("${v}");`, v, 'password-setter-literal');
    expectFound('Ssl.java', `factory.setKeyStore${Password}("${v}".toCharArray());`, v, 'password-setter-literal');
    expectFound('Cred.java', `new StringCredentialValue("${v}")`, v, 'password-setter-literal');
    expectFound('seed.py', `user.set_${PASSWORD}('${v}')`, v, 'password-setter-literal');
    expectNone('Db.java', `dataSource.set${Password}(cfg.get("db"));`);
    expectNone('User.java', `user.set${Password}Hash("${pick(LO, 4)}");`);
  });
  it('openssl pass: arguments', () => {
    const v = pw();
    expectFound('Dockerfile', `RUN openssl genrsa -aes256 -passout pass:${v} -out ca-key.pem 4096`, v, 'cli-password');
    expectFound('Dockerfile', `RUN openssl req -passin pass:${v} -new -key key.pem`, v, 'cli-password');
    expectFound('make-p12.sh', `openssl pkcs12 -export -in a.pem -${PASSWORD} pass:${v} -out a.p12`, v, 'cli-password');
    expectNone('make-p12.sh', `openssl pkcs12 -export -in a.pem -${PASSWORD} env:P12_PASS -out a.p12`);
    expectNone('make-p12.sh', `openssl req -passin file:/run/secrets/ca -new`);
  });
  it('PowerShell -Password literals and --x-password= options', () => {
    const v = pw();
    expectFound('spray.md', `Invoke-DomainPasswordSpray -${Password} ${v}`, v, 'cli-password-option');
    expectFound('run.ps1', `.\\Azucar.ps1 -Certificate C:\\a.pfx -CertFile${Password} ${v} -ApplicationId 1`, v, 'cli-password-option');
    expectFound('api.cs', `///   <code>$obj = Get-NtToken -Logon -User Bob -${Password} ${v}</code>`, v, 'cli-password-option');
    expectNone('run.ps1', `New-LocalUser -Name bob -${Password} $securePw`);
    expectNone('run.ps1', `New-LocalUser -Name bob -${Password} (Read-Host -AsSecureString)`);
    expectFound('ci.yaml', `run: python runtests.py --mysql-user=root --mysql-${PASSWORD}=${v}`, v, 'cli-password');
    expectFound('README.md', `kubectl create secret docker-registry k --docker-username=admin --docker-${PASSWORD}=${v}`, v, 'cli-password');
  });
  it('CLI arguments as list items', () => {
    const v = pw();
    const w = pw();
    expect(secrets('Main.java', `String[] args = {"--keystore-${PASSWORD}", "${v}", "--key-manager-${PASSWORD}", "${w}"};`)).toEqual([v, w]);
    expectNone('Main.java', `String[] args = {"--keystore-${PASSWORD}", keystorePass, "--verbose"};`);
    expectNone('Main.java', `args = ["--${PASSWORD}", "--user", "bob"]`);
  });
  it('Java system properties', () => {
    const v = pw();
    const w = pw();
    expect(secrets('run.sh', `java -Djavax.net.ssl.trustStore${Password}=${v} -Djavax.net.ssl.keyStore${Password}=${w} -jar app.jar`)).toEqual([v, w]);
    expectNone('run.sh', `java -Djavax.net.ssl.trustStore${Password}=$TRUST_PASS -jar app.jar`);
    expectNone('run.sh', `java -Ddb.${PASSWORD}.file=/run/secrets/db -jar app.jar`);
  });
  it('commented-out configuration lines', () => {
    const v = pw();
    expectFound('application.properties', `#server.ssl.key-${PASSWORD}=${v}`, v);
    expectFound('config.yml', `  # ${PASSWORD}: ${v}`, v);
    const word = pick(LO, 6); // a lower-case word: in a commented-out setting, still its value
    expectFound('canal.properties', `#canal.instance.tsdb.db${Password}=${word}`, word, 'password-commented-config');
    expectNone('application.properties', `#${PASSWORD}=changeme`);
    expectNone('config.yml', `  # ${PASSWORD}: <your ${PASSWORD}>`);
    expectNone('config.yml', `  # ${PASSWORD}: the one from vault`);
    expectNone('dovecot.conf', `#default_pass_scheme = MD5`);
    expect(scan('README.md', `# ${Password}: Reset`).filter((f) => f.ruleId === 'password-commented-config')).toEqual([]); // a heading
  });
  it('key=value lines held in strings', () => {
    const v = pw();
    expectFound('Conf.java', `    "shenyu.sync.nacos.${PASSWORD}=${v}",`, v, 'password-in-string-assignment');
    expectFound('test_env.py', `write(file_content='USER=jdoe\\n${PASS}=${v}')`, v, 'password-in-string-assignment');
    expectFound('README.md', `docker run -e "spring.datasource.${PASSWORD}=${v}" app`, v, 'password-in-string-assignment');
    expectNone('Conf.java', `String s = "${PASSWORD}=" + pw;`);
    expectNone('view.vue', `<a @click.prevent="hide${Password} = !hide${Password}">x</a>`);
    expectNone('postfix.sh', `"smtp_sasl_${PASSWORD}_maps = texthash:/etc/postfix/sasl_passwd" \\`);
  });
});

describe('AWS IAM unique IDs', () => {
  const id = (prefix: string, n = 17) => prefix + pick(B32, n);
  it('are reported as AWS identifiers', () => {
    for (const p of ['AROA', 'AIDA', 'ANPA', 'AGPA', 'ANVA', 'AIPA', 'APKA', 'ASCA']) {
      const v = id(p);
      const found = scan('iam.json', `{"Id": "${v}"}`);
      expect(found.map((f) => [f.kind, f.secret]), p).toEqual([['aws-access-key-id', v]]);
    }
    const old = id('AIDA', 16);
    expect(secrets('iam.json', `"UserId": "${old}"`)).toEqual([old]);
  });
  it('not documentation examples, placeholders or other shapes', () => {
    expectNone('iam.json', `"RoleId": "AROA${pick(B32, 10)}EXAMPLE"`);
    expectNone('iam.json', `"RoleId": "AROAXXXXXXXXXXXXXXXXX"`);
    expectNone('iam.json', `"RoleId": "AROA${pick(B32, 12)}"`);
    expectNone('iam.json', `"RoleId": "AROA${pick(B32, 20)}"`);
  });
  it('do not pair with a 40-character string as an access key would', () => {
    const secret40 = pick(B64.replace(/[+/]/g, ''), 20) + pick(UP, 10) + pick(DIG, 10);
    const found = scan('iam.txt', `RoleId: ${id('AROA')}\nvalue: ${secret40}`);
    expect(found.filter((f) => f.kind === 'aws-secret-access-key')).toEqual([]);
  });
});

describe('set Z: compose literals, Redis, Terraform labels, counted webhook IDs', () => {
  const ALNUM = UP + LO + DIG;
  it('finds a default word quoted in a compose file as well as bare', () => {
    expectFound('docker-compose.yml', `    MYSQL_${PASSWORD.toUpperCase()}: "${PASSWORD}"`, PASSWORD, 'password-default-word-config');
    expectFound('docker-compose.yml', `    POSTGRES_${PASSWORD.toUpperCase()}: 'root'`, 'root');
    expectFound('docker-compose.yml', `      - COUCHDB_${PASSWORD.toUpperCase()}=${PASSWORD}`, PASSWORD, 'password-default-word-config');
    // quotes must pair, and code and tests stay out
    expectNone('tests/docker-compose.yml', `    MYSQL_${PASSWORD.toUpperCase()}: "${PASSWORD}"`);
    expect(scan('docker-compose.yml', `    MYSQL_${PASSWORD.toUpperCase()}: "${PASSWORD}'`).filter((f) => f.ruleId === 'password-default-word-config')).toEqual([]);
  });
  it('reads a snake_case value as a literal in configuration, a key name in code', () => {
    const v = `budibase_redis_${PASSWORD}`;
    expectFound('docker-compose.yml', `      REDIS_${PASSWORD.toUpperCase()}: ${v}`, v);
    expectFound('.env', `REDIS_${PASSWORD.toUpperCase()}=${v}`, v);
    expect(secrets('app.js', `const header = { ${PASSWORD}: 'x-redis-${PASSWORD}' };`)).toEqual([]);
    expect(secrets('app.js', `const field = { ${PASSWORD}: 'db_user_${PASSWORD}' };`)).toEqual([]);
  });
  it('finds Redis requirepass and masterauth, in redis.conf and on a command line', () => {
    const v = pick(ALNUM, 16);
    expectFound('redis.conf', `requirepass ${v}`, v, 'redis-requirepass');
    expectFound('redis.conf', `masterauth ${v}`, v, 'redis-requirepass');
    expectFound('docker-compose.yml', `    command: redis-server --requirepass "${v}" --appendonly yes`, v, 'redis-requirepass');
    expectFound('docker-compose.yml', `    command: ["redis-server", "--requirepass", "${v}"]`, v);
    expectNone('redis.conf', 'requirepass ${REDIS_' + PASSWORD.toUpperCase() + '}');
    expectNone('docker-compose.yml', '    command: redis-server --requirepass $$REDIS_' + PASSWORD.toUpperCase());
    expectNone('redis.conf', '# requirepass foobared');
  });
  it('takes no Terraform block label for a default password', () => {
    expectNone('secrets.tf', `resource "random_${PASSWORD}" "${PASSWORD}" {`);
    expectNone('secrets.tf', `data "vault_${PASSWORD}" "admin" {`);
    expectFound('main.tf', `  db_${PASSWORD} = "admin"`, 'admin');
  });
  it('ends a query-string password at the request line, and takes no placeholder login pair', () => {
    const v = pick(ALNUM, 12);
    expectFound('api.http', `POST /api/users?username=ops&${PASSWORD}=${v} HTTP/1.1`, v, 'connection-string-password');
    expectNone('README.md', `connect to port 2222 (account ${PASSWORD}: \`myuser:my${PASSWORD}\`), a legal login:`);
    const real = `deploy:${pick(ALNUM, 14)}`;
    expect(secrets('config.py', `${PASSWORD} = "${real}"`)).toEqual([real]);
    expect(secrets('config.py', `${PASSWORD} = "myuser:my${PASSWORD}"`)).toEqual([]);
  });
  it('takes no Slack webhook with counted IDs for a real one', () => {
    const hook = (t: string, b: string) => `https://hooks.slack.com/services/${t}/${b}/${pick(ALNUM, 24)}`;
    expectNone('SlackTest.java', `String url = "${hook('T123456789', 'B123456789')}";`);
    const real = hook('T' + pick(UP + DIG, 8), 'B' + pick(UP + DIG, 10));
    expectFound('notify.sh', `URL="${real}"`, real, 'slack-webhook');
  });
});

describe('set Z6: Quarkus profiles, negative counts, user names under a password key, punctuated placeholders', () => {
  it("finds a password under a Quarkus profile prefix (%prod.)", () => {
    const v = pw();
    expectFound('src/main/resources/application.properties', `%prod.quarkus.datasource.${PASSWORD}=${v}`, v, 'password-config-value');
    expectFound('src/main/resources/application.properties', `%dev-local.quarkus.datasource.${PASSWORD}=${v}`, v, 'password-config-value');
  });
  it('takes no index, user name or punctuated placeholder for a password', () => {
    expectNone('src/main/resources/application.properties', `quarkus.security.jdbc.principal-query.bcrypt-${PASSWORD}-mapper.salt-index=-1`);
    expectNone('src/main/resources/application.properties', `quarkus.oidc-client.grant-options.${PASSWORD}.username=alice`);
    expectNone('.env', `# DATABASE_URL="postgresql://app:!ChangeMe!@127.0.0.1:5432/app?serverVersion=16"`);
    expectNone('.env', `DB_${PASSWORD.toUpperCase()}=**changeme**`);
  });
});

describe('secret-config-literal: a literal under a secret name in deployable configuration', () => {
  const SECRET = ['SEC', 'RET'].join('');
  it('finds weak and word-made secrets in compose files, .env and Helm values', () => {
    const w = `budibase_jwt_${SECRET.toLowerCase()}_vuln_test_${pick(DIG, 12)}`;
    expectFound('docker-compose.yml', `      JWT_${SECRET}: ${w}`, w);
    expectFound('.env', `GOTRUE_JWT_${SECRET}=hello456`, 'hello456', 'secret-config-literal');
    expectFound('deploy/values.yaml', `  ${SECRET.toLowerCase()}Key: "notsoprivate"`, 'notsoprivate', 'secret-config-literal');
    expectFound('docker-compose.yml', `      INTERNAL_API_KEY: budibase_internal_api_key_vuln_test`, 'budibase_internal_api_key_vuln_test', 'secret-config-literal');
  });
  it('not references, file names, URLs, pull secrets, examples or other files', () => {
    expectNone('docker-compose.yml', `      JWT_${SECRET}: \${JWT_${SECRET}}`);
    expectNone('docker-compose.yml', `      JWT_${SECRET}_FILE: /run/secrets/jwt`);
    expectNone('.env', 'TOKEN_URL=https://auth.internal/token');
    expectNone('values.yaml', `  imagePull${SECRET[0]}${SECRET.slice(1).toLowerCase()}: regcred`);
    expectNone('.env.example', `JWT_${SECRET}=hello456`);
    expect(scan('k8s/charts/app/values.yaml', `        ${SECRET.toLowerCase()}Key: app-license.json`).map((f) => f.confidence)).not.toContain('medium');
    expect(scan('app.yml', `jwt_${SECRET.toLowerCase()}: hello456`).filter((f) => f.ruleId === 'secret-config-literal')).toEqual([]);
  });
});

describe('secret-file-value', () => {
  it("finds a file that holds only a secret and is named for it (Compose's secrets: file:)", () => {
    const v = pw();
    expectFound(`db/${PASSWORD}.txt`, v, v, 'secret-file-value');
    expectFound(`app/db/db-${PASSWORD}.txt`, `${v}\r\n`, v, 'secret-file-value');
    expectFound('deploy/secrets/db_root', v, v, 'secret-file-value');
    expect(scan(`db/${PASSWORD}.txt`, v)[0]!.confidence).toBe('medium');
  });
  it('not a source file named for a secret, a file of more than one value, prose or a placeholder', () => {
    const v = pw();
    expectNone('src/token.go', v);
    expectNone(`db/${PASSWORD}.txt`, `${v}\n${pw()}`);
    expectNone('secrets/notes.md', v);
    expectNone(`db/${PASSWORD}.txt`, 'set it here');
    expectNone(`db/${PASSWORD}.txt`, '${DB_' + PASS + 'WORD}');
    expectNone(`db/${PASSWORD}.txt`, 'changeme');
  });
});

describe('set Z13: placeholder webhooks', () => {
  it('takes no Slack webhook whose path is typed letters without a team ID; a real one starts with T', () => {
    expectNone('README.md', `  --from-literal=secure_url='https://hooks.slack.com/services/${'asdasdasd'}/${'asdasdas'}/${'asdasd'}'`);
    const real = `https://hooks.slack.com/services/T${pick(UP + DIG, 8)}/B${pick(UP + DIG, 10)}/${pick(LO + UP + DIG, 24)}`;
    expectFound('README.md', `  --from-literal=secure_url='${real}'`, real, 'slack-webhook');
    const workflow = `https://hooks.slack.com/workflows/T${pick(UP + DIG, 8)}/A${pick(UP + DIG, 10)}/${pick(DIG, 18)}/${pick(LO + DIG, 24)}`;
    expectFound('notify.sh', `URL="${workflow}"`, workflow, 'slack-webhook');
  });
});
