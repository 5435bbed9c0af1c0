// The judge (src/judge/): levels decided by the file, line, key and value, on real Detector output.
// Credential-looking values are built at run time; weak words are written out.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../../src/detect/engine.js';
import { loadConfig } from '../../src/config/load.js';
import { Judge } from '../../src/judge/judge.js';
import { judgeData } from '../../src/judge/data.js';
import { Wordness } from '../../src/judge/wordness.js';
import type { Finding } from '../../src/types.js';

const detector = new Detector(loadConfig({ root: mkdtempSync(join(tmpdir(), 'lg-judge-')) }));
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function rnd(alphabet: string, n: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += alphabet[(x >>> 16) % alphabet.length];
  }
  return s;
}
const keyId = (seed = 1) => 'AK' + 'IA' + rnd(B32.slice(0, 26) + '234567', 16, seed);
const awsSecret = (seed = 2) => rnd(B64, 40, seed);

function one(path: string, text: string): Finding {
  const f = detector.detect({ path, text });
  expect(f, `${path}: ${text}`).toHaveLength(1);
  return f[0];
}

const PW = ['pass', 'word'].join('');
/** The highest level reported on the text, or 'none' when nothing is found. */
function level(path: string, text: string): 'high' | 'medium' | 'low' | 'none' {
  const f = detector.detect({ path, text });
  return f.some((x) => x.confidence === 'high') ? 'high' : f.some((x) => x.confidence === 'medium') ? 'medium' : f.length ? 'low' : 'none';
}

describe('judge: the same value, different files', () => {
  it('a weak word is low in a test fixture, medium in deployable configuration', () => {
    expect(one('tests/test_login.py', 'password = "testpass"\n').confidence).toBe('low');
    expect(one('docs/setup.md', 'password: "testpass"\n').confidence).toBe('low');
    const compose = one('docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: "testpass"\n');
    expect(compose.confidence).toBe('medium');
    expect(compose.reasons?.join(' ')).toMatch(/deployable configuration/);
  });

  it('a human password (word, digits, symbol) in application code stays medium; a random one in a test too', () => {
    const human = ['Sum', 'mer', '20', '24!'].join('');
    expect(one('app/config.py', `MAIL_PASSWORD = "${human}"\n`).confidence).toBe('medium');
    expect(one('test/fixtures/db.py', `password = "${rnd(B64, 14, 7)}"\n`).confidence).toBe('medium');
  });

  it('lock files, hashes, versions and template placeholders are low', () => {
    expect(one('package-lock.json', `      "password": "${rnd(B64, 16, 4)}",\n`).confidence).toBe('low');
    const bcrypt = '$2a$10$' + rnd('./' + B64, 53, 3);
    expect(one('src/users.ts', `const password = "${bcrypt}";\n`).confidence).toBe('low');
    const atDefault = (path: string, text: string) => detector.detect({ path, text }).filter((f) => f.confidence !== 'low');
    expect(atDefault('src/app.py', 'password = "${DB_PASSWORD:-fallback}"\n')).toEqual([]);
    expect(atDefault('ops/run.sh', 'PASS=`awk -F= \'/pw/{print $2}\' creds.txt`\n')).toEqual([]);
    expect(atDefault('src/app.js', 'const version = { password: "^2.1.0" };\n')).toEqual([]);
  });

  it('a translation catalogue is low even when its name says nothing', () => {
    const lines = ['{'];
    for (let i = 0; i < 20; i++) lines.push(`  "LABEL_${i}": "Arată textul ${i}",`);
    lines.push('  "SHOW_PWD_TOOLTIP": "Arată parola",', '  "LABEL_NEW_PASSWORD": "Parolă nouă",', '  "END": "Sfârșit"', '}');
    const f = detector.detect({ path: 'src/assets/3f9a2c.json', text: lines.join('\n') });
    expect(f.length).toBeGreaterThan(0);
    for (const x of f) expect(x.confidence).toBe('low');
    expect(f[0].reasons?.join(' ')).toMatch(/translation catalogue/);
  });

  it('a value that is a template, a date or code is detected and judged low, with the reason', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['src/app.js', 'const cfg = { password: "svc-${ENV_NAME}-primary" };\n', /template placeholder/],
      ['src/app.js', 'const cfg = { password: "2024-01-31T10:00:00Z" };\n', /a date or time/],
      ['src/app.rb', 'password = "ApiKey::EXCLUSIVE_SCOPES"\n', /code or markup/],
    ];
    for (const [path, text, why] of cases) {
      const f = detector.detect({ path, text });
      expect(f, text).toHaveLength(1);
      expect(f[0].confidence, text).toBe('low');
      expect(f[0].reasons?.join(' '), text).toMatch(why);
    }
  });

  it('adversarial values are judged without blowing up (hang guard)', () => {
    for (const v of ['3.1415926535'.repeat(10) + 'x', '{{' + ' '.repeat(4000), '1.2 '.repeat(60) + 'x']) {
      expect(Array.isArray(detector.detect({ path: 'app/settings.py', text: `DB_PASSWORD = "${v}"\n` }))).toBe(true);
    }
  });
});

describe('judge: what the shape proves', () => {
  it('an AWS key ID is high everywhere, and an ID with its secret is a high pair', () => {
    for (const path of ['src/aws.py', 'tests/test_aws.py', 'docs/aws.md']) {
      const f = detector.detect({ path, text: `aws_access_key_id = ${keyId()}\naws_secret_access_key = ${awsSecret()}\n` });
      expect(f.map((x) => x.kind).sort()).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
      for (const x of f) expect(x.confidence, `${path} ${x.ruleId}`).toBe('high');
    }
  });

  it('a PEM key with a real body is high', () => {
    const body = Array.from({ length: 8 }, (_, i) => rnd(B64, 64, 10 + i)).join('\n');
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', body, '-----END RSA PRIVATE KEY-----', ''].join('\n');
    const f = detector.detect({ path: 'deploy/key.pem', text: pem });
    expect(f.some((x) => x.kind === 'private-key' && x.confidence === 'high')).toBe(true);
  });

  it("a test's key cut far shorter than its DER header says is low; the same outside tests, or whole in a test, stays high", () => {
    // MIIEpAIBAAKCAQEA: a SEQUENCE of 1,188 bytes (a 2048-bit RSA key), then 5 lines instead of about 25
    const PK = ['PRIVATE', 'KEY'].join(' ');
    const pem = (lines: number, seed: number) =>
      [`-----BEGIN RSA ${PK}-----`, 'MIIEpAIBAAKCAQEA' + rnd(B64, 48, seed), ...Array.from({ length: lines - 1 }, (_, i) => rnd(B64, 64, seed + 1 + i)), `-----END RSA ${PK}-----`, ''].join('\n');
    const levelOf = (path: string, text: string) => detector.detect({ path, text }).filter((x) => x.kind === 'private-key').map((x) => x.confidence);
    expect(levelOf('tests/logstash_test.py', `content = """\n${pem(5, 20)}"""\n`)).toEqual(['low']);
    expect(levelOf('deploy/key.pem', pem(5, 30))).toEqual(['high']);
    expect(levelOf('tests/fixtures/key.pem', pem(26, 40))).toEqual(['high']);
  });

  it('a leakguard reference is never a finding', () => {
    const text = 'AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY:-aws-sm://prod/app#AWS_SECRET_ACCESS_KEY}\npassword: "aws-sm://prod/app#password"\n';
    expect(detector.detect({ path: 'docker-compose.yml', text })).toEqual([]);
    // The forms migrate writes now: compose and Rails refuse to start without the variable.
    const compose = 'services:\n  app:\n    environment:\n      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY:?run under leakguard exec to set it from aws-sm://prod/app#AWS_SECRET_ACCESS_KEY}\n      - DB_PASSWORD=${DB_PASSWORD:?run under leakguard exec to set it from aws-sm://prod/app#DB_PASSWORD}\n';
    expect(detector.detect({ path: 'docker-compose.yml', text: compose })).toEqual([]);
    const rails = "production:\n  password: <%= ENV.fetch('DB_PASSWORD') { raise 'DB_PASSWORD is not set: run under leakguard exec to set it from aws-sm://prod/db#DB_PASSWORD' } %>\n";
    expect(detector.detect({ path: 'config/database.yml', text: rails })).toEqual([]);
  });

  it('every finding has a level and reasons that never hold the value, even a value named like a feature', () => {
    for (const secret of [rnd(B64, 20, 5), 'documentation', 'deployable', 'random-looking']) {
      const f = one('app/settings.py', `DB_PASSWORD = "${secret}"\n`);
      expect(['low', 'medium', 'high']).toContain(f.confidence);
      expect(f.reasons!.length).toBeGreaterThan(0);
      for (const r of f.reasons!) expect(r.includes(`"${secret}"`) || r === secret).toBe(false);
    }
  });

  it('a digest-named key lowers only digest-shaped values', () => {
    expect(one('.env', `DIGEST_AUTH_PASSWORD=${rnd(B64, 18, 9)}\n`).confidence).not.toBe('low');
    const hex = rnd('0123456789abcdef', 64, 4);
    expect(one('conf/app.conf', `root_password_sha2 = ${hex}\n`).confidence).toBe('low');
  });
});

describe('judge: copies and shared fixtures', () => {
  it('lowers copies in tests of a value found in source, and keeps the source one', async () => {
    const { lowerSharedFixtures } = await import('../../src/judge/repeats.js');
    const judge = new Judge();
    const seeded = ['ncc', '1701'].join('-');
    const findings = [
      one('data/users.yml', `password: "${seeded}"\n`),
      one('test/api/a.test.ts', `login({ password: '${seeded}' })\n`),
      one('test/api/b.test.ts', `login({ password: '${seeded}' })\n`),
    ];
    expect(findings.map((f) => f.confidence)).toEqual(['medium', 'medium', 'medium']);
    lowerSharedFixtures(findings, judge);
    expect(findings.map((f) => f.confidence)).toEqual(['medium', 'low', 'low']);
    expect(findings[1].reasons?.join(' ')).toMatch(/copy of a value/);
  });
});

describe('wordness', () => {
  const w = new Wordness(judgeData().wordness);
  it('tells words from random letters', () => {
    for (const word of ['admin', 'testpass', 'secret', 'changeme', 'welcome']) expect(w.measure(word).bits!, word).toBeLessThan(5);
    for (let seed = 1; seed < 20; seed++) {
      const r = rnd('abcdefghijklmnopqrstuvwxyz', 12, seed);
      expect(w.measure(r).bits!, r).toBeGreaterThan(5);
    }
  });
});

describe('judge: fixtures and non-values found on real code', () => {
  it('a value made of words is a fixture in a test, and stays medium in deployable configuration', () => {
    const typed = `${PW}123!`;
    expect(one('test/api/login.test.ts', `login({ ${PW}: '${typed}' })\n`).confidence).toBe('low');
    expect(one('docker-compose.yml', `services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${typed}\n`).confidence).not.toBe('low');
    // a human-made password (a word that is not a dummy marker, digits, a symbol) in ops notes stays
    expect(one('docs/ops-notes.txt', `${PW}: Liverpool2019*\n`).confidence).not.toBe('low');
    // a random one in a test stays: a generated key pasted into a test is as live as anywhere
    expect(one('test/api/login.test.ts', `login({ ${PW}: '${rnd(B64, 20, 11)}' })\n`).confidence).not.toBe('low');
  });
  it("the project's own name as the password in its tests is a fixture", () => {
    const f = one('src/test/java/org/owasp/webgoat/LoginTest.java', `String ${PW} = "webgoat";\n`);
    expect(f.confidence, f.reasons?.join('; ')).toBe('low');
  });
  it('a digest-sized value under a password name in a test is a stored hash; in deployable config it stays', () => {
    const hex = rnd('0123456789abcdef', 32, 7);
    expect(one('tests/e2e/UsersBase.php', `'${PW}' => '${hex}',\n`).confidence).toBe('low');
    expect(one('.env', `DB_PASSWORD=${hex}\n`).confidence).not.toBe('low');
  });
  it('base64 of JSON, a PEM header or dummy words is not key material; a dummy in a Secret manifest still counts', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(level('pkg/x/fixtures/secret.yml', `data:\n  token: ${b64('{"kind":"storage#objects","items":[]}')}\n`)).toMatch(/low|none/);
    expect(level('test/fixtures/tls.yml', `tls.key: ${b64('-----BEGIN CERTIFICATE-----')}\n`)).toMatch(/low|none/);
    // a PEM header cut inside its dashes, encoded, taken for a password in a test (elastic/helm-charts)
    expect(level('tests/logstash_test.py', `      elk_${PW.slice(0, 4)}: "${b64('--BEGIN `PRIVATE ').replace(/=+$/, '')}"\n`)).toMatch(/low|none/);
    expect(one('deploy/k8s/secret.yml', `apiVersion: v1\nkind: Secret\ndata:\n  ${PW}: ${b64(PW + 'Prod')}\n`).confidence).not.toBe('low');
  });
  it('route targets, command-line options, an object\'s own name and algorithm settings are not passwords', () => {
    for (const [path, line] of [
      ['config/routes.rb', `get "forgot_${PW}" => "${PW}_resets#forgot_${PW}"\n`],
      ['src/Console/DbCommand.php', `'${PW}' => '--${PW}='.$connection['${PW}'],\n`],
      ['src/components/ui/${PW}-input.tsx', `PasswordInput.displayName = "PasswordInput"\n`],
      ['src/Hashing/ArgonHasher.php', `if (PASSWORD_ARGON2_PROVIDER === 'sodium') {\n`],
      // a docstring line, not a .netrc entry
      ['app/api/routes/login.py', `    \"\"\"\n    Password Recovery\n    \"\"\"\n`],
    ]) {
      expect(level(path, line), line).toMatch(/low|none/);
    }
    // the netrc rule still reads a real .netrc
    expect(level('.netrc', `machine api.example.org\n  login deploy\n  ${PW} ${rnd(B64, 18, 5)}\n`)).not.toMatch(/low|none/);
  });
  it('typed test values: digits anyone types, a word with a marker, a key made of words; bundles and signatures', () => {
    for (const [path, line] of [
      ['internal/userx/userx_test.go', `${PW}:  "111333",\n`],
      ['apis/record_auth_test.go', `"${PW}":"1234567!",\n`],
      ['apis/record_crud_test.go', `"${PW}Confirm":"87654321",\n`],
      ['internal/httpd/internal_test.go', `Password:    "clientpwd",\n`],
      ['internal/httpd/httpd_test.go', `user.FsConfig.S3Config.AccessKey = "Server-Access-Key1"\n`],
      ['internal/common/common_test.go', `bcryptPassword := "bcrypt${PW}"\n`],
      ['internal/dataprovider/user.go', `SSHLoginMethodKeyAndPassword = "publickey+${PW}"\n`],
      ['internal/email/email.go', `tmplAuthResetPassword = "auth/reset_passwd"\n`],
      ['saleor/settings.py', `os.environ.get("RESET_PASSWORD_LOCK_TIME", "15 minutes")\n`],
      ['ui/dist/assets/index-BMShE0dZ.js', `e.${PW}=t.authWithPassword(e.identity,e.${PW})\n`],
      ['openapi/swagger-ui/swagger-ui-bundle.js', `var ${PW}=o.placeholder=i\n`],
      ['s3/s3_test.go', `"Authorization": "AWS4-HMAC-SHA256 Credential=123/20250102/test_region/s3/aws4_request, SignedHeaders=host, Signature=${rnd('0123456789abcdef', 64, 3)}",\n`],
      ['docker/nsswitch.conf', 'passwd:         compat\n'],
      ['mode/puppet/puppet.js', "define('keyword', 'class define site node include import inherits');\n"],
      ['ui/src/apiPreview/docsAuth.js', `t.td({ className: "min-width" }, "${PW} ", t.em(null, "(required)")),\n`],
      // an authentication method marker, a test runner's config, a region code under a PW- key
      ['mealie/routes/users/crud.py', `if self.user.${PW} == "LDAP" or self.user.auth_method == AuthMethod.LDAP:\n`],
      ['cypress.config.ts', `  umami_${PW}: 'umami',\n`],
      ['public/iso-3166-2.json', '  "PW-004": "Airai",\n'],
      // validation rules, a class reference, a placeholder phrase, a Gradle identifier, a broker name
      ['app/Http/Requests/UserForm.php', `'${PW}' => 'nullable|min:6|confirmed',\n`],
      ['config/jetstream.php', `'auth_session' => AuthenticateSession::class,\n`],
      ['.devcontainer/devcontainer.json', `// "Kestrel__Certificates__Default__Password": "SecurePwdGoesHere",\n`],
      ['application/build.gradle', `    ${PW} = ghcrTokenProvider\n`],
      ['config/auth.php', `'${PW}s' => 'customers',\n`],
      ['.yarn/releases/yarn-4.6.0.cjs', `let ${PW}="correcthorse";\n`],
      ['app/Console/Commands/Local/SetupDummyAccount.php', `'${PW}' => 'admin123',\n`],
      ['api/src/test/java/SecretTest.java', `"${PW}": "${Buffer.from('admin').toString('base64')}"\n`],
      // a comment sentence, a dummy word with a symbol or a marker with digits in tests, 'user:password',
      // a route name, an attribute, a class constant, sample data, a too-short Stripe key, an alphabet
      ['app/Access/RegistrationService.php', `     * user. For use with external auth systems since ${PW} is auto-generated.\n`],
      ['tests/Commands/CreateAdminCommandTest.php', `'--${PW}' => 'testing-4',\n`],
      ['spec/models/recipe_spec.rb', `model.create!(email: 'a@example.com', ${PW}: 'hunter2!')\n`],
      ['config.default.php', `//CURLOPT_PROXYUSERPWD => 'user:${PW}',\n`],
      ['config/packages/tabler.yaml', `tabler_${PW}_reset_sent: resetting_send_email\n`],
      ['src/Controller/ProfileController.php', `    #[IsGranted('${PW}', 'profile')]\n`],
      ['src/Entity/User.php', `    private ?string $auth = self::AUTH_INTERNAL;\n`],
      ['core/db/sample_data/wholesale.rb', `  ${PW}: 'spree123',\n`],
      ['spec/models/masking_spec.rb', `expect(described_class.mask('sk_test_abcdef1234')).to eq('1234')\n`],
      ['lib/testing_support/factories/gateway_factory.rb', `webhook_signing_secret: 'whsec_test_1234567890'\n`],
      ['client/components/admin/admin-users-create.vue', `const pwdChars = 'abcdefghkmnpqrstuvwxyzABCDEFHJKLMNPQRSTUVWXYZ23456789_*=?#!()+'\n`],
    ]) {
      expect(level(path, line), line).toMatch(/low|none/);
    }
    // a reCAPTCHA site key on a page beside an affiliate link's AKIA: the AKIA is reported, the site key is not
    const page = detector.detect({ path: 'tests/data/recipe.html', text: `SubscriptionId=${keyId(5)}&tag=x\nrecaptchaSiteKey: "6Le${rnd(B64.slice(26), 5, 3)}AAAA${rnd(B64, 28, 4)}"\n` });
    expect(page.map((f) => `${f.ruleId}:${f.confidence}`)).toEqual(['aws-access-key-id:high']);
    // a signed download URL's token (expiry, then signature) is not a secret; a plain token in a URL is
    expect(level('document/pos/diagram.pos', `{"fileId":"http://cdn.example.com/5df1f6a6?e=1576142006&token=${rnd(B64, 40, 8)}:${rnd(B64, 27, 9)}="}\n`)).toMatch(/low|none/);
    expect(level('src/client.js', `fetch("https://api.example.com/v1/items?token=${rnd(B64, 40, 8)}")\n`)).toBe('medium');
    // a human password (a common word, digits, a symbol) in ops notes stays; a long random one in a test too
    expect(level('docs/ops-notes.txt', `${PW}: Monkey2019!\n`)).toBe('medium');
    // the same weak digits in deployable configuration stay reported
    expect(level('docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: "111333"\n`)).toBe('medium');
    // a random access key in a test stays; SQL's IDENTIFIED BY still counts
    expect(level('internal/httpd/httpd_test.go', `user.AccessKey = "${rnd(B64, 24, 9)}"\n`)).toBe('medium');
    expect(level('db/init.sql', `CREATE USER app WITH PASSWORD '${rnd(B64, 16, 4)}';\n`)).not.toMatch(/low|none/);
  });
  it('algorithm names, colon-joined labels and messages about the setting are not values', () => {
    for (const [path, line] of [
      ['internal/oidc/client.go', `SigningSecret = "HS512"\n`],
      ['docs/storage.md', `secret_key: storage:oauth2_session:session_data:\n`],
      ['internal/validator/const.go', `errPasswordReset = "authentication_backend: ${PW}_reset: option 'custom_url' is required"\n`],
      // text with unicode escapes, as source code writes non-ASCII words
      ['src/i18n.ts', `const secret = 'v\\u00e9rit\\u00e9-0123';\n`],
    ]) {
      expect(level(path, line), line).toMatch(/low|none/);
    }
  });
});

describe('judge: settings, samples and markers found on an unseen set (harbor, saleor, jumpserver, appwrite, awx, generator-jhipster)', () => {
  it('not a password: an option, an e-mail, a sentinel, a quoted shell variable, an encoded placeholder, a file path, code', () => {
    for (const [path, text] of [
      ['roles/users/tasks/main.yml', `- user:\n    name: deploy\n    update_${PW}: always\n`],
      ['apps/libs/modules/mongodb_user.py', `module.params['update_${PW}'] = 'on_create'\n`],
      ['src/app/login.spec.ts', `reset${PW[0].toUpperCase() + PW.slice(1)}Input.value = '1234567@qq.com';\n`],
      ['awx/api/serializers.py', `ret['${PW}'] = '$encrypted$'\n`],
      ['make/photon/db/initdb.sh', `pass="${PW.toUpperCase()} '$POSTGRES_${PW.toUpperCase()}'"\n`],
      ['awx/main/redact.py', `uri = URI(scheme="https", username="me", ${PW}='%20%20')\n`],
      ['src/pkg/oidc/meta.go', `var encSecret = "<enc-v1>${rnd(B64, 40, 21)}"\n`],
      ['apps/jumpserver/conf.py', `'AUTH_OAUTH2_LOGO_PATH': 'img/login_oauth2_logo.png',\n`],
      ['static/sdk.js', `var json = '{"function":"Login", "${PW}":"' + passWd + '"}';\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
  it('a doctest, an Ansible lookup and a passwordless setting are not leaks', () => {
    expect(level('prepare/utils/configs.py', `    >>> get_redis_url(1, {'host': 'h1', '${PW}': 'pa55-w0rd-h1'})\n`)).toMatch(/low|none/);
    expect(level('docs/TESTING.md', `test_id: "{{ lookup('${PW}', '/dev/null chars=ascii_letters length=16') }}"\n`)).toMatch(/low|none/);
    expect(level('snapshots/realm.json', `"webAuthnPolicy${PW[0].toUpperCase() + PW.slice(1)}lessRpEntityName": "keycloak",\n`)).toMatch(/low|none/);
  });
  it("mysql's -P is the port, -p the password", () => {
    expect(level('utils/backup_db.sh', 'mysqldump -uroot -h127.0.0.1 -p jumpserver -P3307 > backup.sql\n')).toBe('none');
    expect(level('utils/backup_db.sh', `mysqldump -uroot -p${rnd(B64, 14, 22)} jumpserver > backup.sql\n`)).not.toMatch(/low|none/);
  });
  it('Jest snapshots and recorded HTTP cassettes are test files', () => {
    const typed = `${PW}123!`;
    expect(one('generators/kubernetes/__snapshots__/kubernetes.spec.ts.snap', `    "admin${PW[0].toUpperCase() + PW.slice(1)}": "${typed}",\n`).confidence).toBe('low');
    expect(one('app/tests/cassettes/test_install.yaml', `  ${PW}: '${typed}'\n`).confidence).toBe('low');
  });
  it('a name that says the value is made up lowers a typed value, not a random one', () => {
    expect(one('src/app/config.service.ts', `const fake${PW[0].toUpperCase() + PW.slice(1)} = 'Winter2024!';\n`).confidence).toBe('low');
    expect(one('src/app/config.service.ts', `const fake${PW[0].toUpperCase() + PW.slice(1)} = '${rnd(B64, 20, 23)}';\n`).confidence).not.toBe('low');
    // only the name's own last part: a mock object's password field
    expect(one('test/client/login.spec.js', `scope.${PW}Mock.new${PW[0].toUpperCase() + PW.slice(1)} = '${rnd(B64, 12, 24)}!';\n`).confidence).not.toBe('low');
  });
  it('a short value under a fake name, filler digits in product code and a password salt are not secrets', () => {
    expect(one('src/portal/endpoint.component.ts', `const FAKE_${PW.toUpperCase()} = '${rnd(B64, 8, 51)}';\n`).confidence).toBe('low');
    expect(one('src/core/auth/ldap/ldap.go', `u.${PW[0].toUpperCase() + PW.slice(1)} = "12345678AbC" // not kept in the local db\n`).confidence).toBe('low');
    expect(level('tests/e2e/Services/Users/UsersBase.php', `'${PW}Salt' => '${rnd(B64, 14, 52)}==',\n`)).toMatch(/low|none/);
    // WordPress' salts sign cookies: still secrets
    expect(level('wp-config.php', `define('SECURE_AUTH_SALT', '${rnd(B64, 40, 53)}');\n`)).toBe('medium');
  });
  it('six digits counted up or down with a few letters is typed for a test', () => {
    expect(one('src/pkg/member/dao/dao_test.go', `${PW[0].toUpperCase() + PW.slice(1)}: "1234567ab",\n`).confidence).toBe('low');
    expect(one('tests/apitests/test_user.py', `new_${PW} = "Aa1234567-New"\n`).confidence).toBe('low');
  });
  it('a random value copied into many sample files stays medium (a reviewer still takes it for a credential)', async () => {
    const { lowerSharedFixtures } = await import('../../src/judge/repeats.js');
    const judge = new Judge();
    const v = Buffer.from(rnd('0123456789abcdef', 64, 25)).toString('base64');
    const findings = Array.from({ length: 12 }, (_, i) => one(`samples/app-${i}/.yo-rc.json`, `{\n  "jwtSecretKey": "${v}"\n}\n`));
    lowerSharedFixtures(findings, judge);
    expect(findings.every((f) => f.confidence === 'medium')).toBe(true);
  });
  it("CI pipelines and dev containers start throwaway services: a weak or typed value is low there, a random or human-made one stays", () => {
    const wf = (v: string) => `jobs:\n  test:\n    services:\n      postgres:\n        image: postgres\n        env:\n          POSTGRES_USER: saleor\n          POSTGRES_PASSWORD: ${v}\n`;
    expect(level('.github/workflows/tests.yaml', wf('saleor'))).toMatch(/low|none/);
    expect(level('.github/workflows/CI.yml', wf('root123'))).toMatch(/low|none/);
    expect(level('.devcontainer/docker-compose.yml', `services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=saleor\n`)).toMatch(/low|none/);
    expect(level('.github/workflows/deploy.yml', wf(rnd(B64, 24, 35)))).toBe('medium');
    expect(level('.github/workflows/deploy.yml', wf('Liverpool2019*'))).toBe('medium');
  });
  it('an account or role name made into a password (Admin!23) is a dummy; a word someone picked stays', () => {
    expect(one('src/core/auth/authproxy/auth_test.go', `${PW[0].toUpperCase() + PW.slice(1)}:  "Admin!23",\n`).confidence).toBe('low');
    expect(one('docs/ops-notes.txt', `${PW}: Monkey2019!\n`).confidence).toBe('medium');
    // in a test, a word made into a password was typed for the test
    expect(one('awx/main/tests/functional/api/test_job_runtime_params.py', `{'vault_${PW}.abc': 'vault-me-1'}\n`).confidence).toBe('low');
  });
});

describe('judge: tests kept beside deployable files, and other context found on an unseen set (apisix, helm-charts, pterodactyl, redash)', () => {
  it('configuration kept with the tests (ci/, t/, tests/values.yaml, .env.ci) is a test file: a weak word is low, a random value stays', () => {
    expect(level('charts/postgres-exporter/ci/default-values.yaml', `config:\n  datasource:\n    ${PW}: test${PW}\n`)).toMatch(/low|none/);
    expect(level('ci/pod/docker-compose.plugin.yml', `services:\n  es:\n    image: elasticsearch\n    environment:\n      ELASTIC_PASSWORD: 123456\n`)).toMatch(/low|none/);
    expect(level('t/plugin/etcd-mtls.t', `"${PW}": "secretpass"\n`)).toMatch(/low|none/);
    expect(level('.ci/compose.ci.yaml', `services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: "${rnd(B64, 32, 31)}"\n`)).toBe('medium');
    // the same weak word in a deployable compose file stays medium
    expect(level('docker-compose.yml', `services:\n  es:\n    image: elasticsearch\n    environment:\n      ELASTIC_PASSWORD: 123456\n`)).toBe('medium');
  });
  it("Helm's existingSecret names, pass_host options and a WebSocket handshake nonce are not secrets", () => {
    expect(level('charts/rabbitmq-exporter/values.yaml', `rabbitmq:\n  existingPasswordSecretKey: ${PW}\n`)).toMatch(/low|none/);
    expect(level('apisix/init.lua', 'if pass_host == "rewrite" then\n')).toMatch(/low|none/);
    expect(level('docs/websocket.md', `Sec-WebSocket-Key: ${rnd(B64, 22, 32)}==\n`)).toMatch(/low|none/);
  });
  it('minified code is recognised by its content, whatever the file is called', () => {
    const line = Array.from({ length: 40 }, (_, i) => `{token:"support.function.C${i}.c",regex:"\\\\b(?:abs|div)\\\\b"}`).join(',');
    expect(level('public/themes/vendor/ace/mode-c_cpp.js', `define(function(e,t){var r=[${line}];t.rules=r});\n`)).toMatch(/low|none/);
  });
});

describe('judge: names, defaults and published examples found on an unseen set (outline, paperless-ngx, authelia, traefik)', () => {
  it("password managers' names are not password settings", () => {
    const uuid = `${rnd('0123456789abcdef', 8, 41)}-${rnd('0123456789abcdef', 4, 42)}-4${rnd('0123456789abcdef', 3, 43)}-a${rnd('0123456789abcdef', 3, 44)}-${rnd('0123456789abcdef', 12, 45)}`;
    expect(level('shared/utils/passkeys.ts', `export enum PasskeyBrand {\n  LastPass = "${uuid}",\n}\n`)).toBe('none');
    expect(level('shared/utils/passkeys.ts', `  [PasskeyBrand.OnePassword]: "1${PW[0].toUpperCase() + PW.slice(1)}",\n`)).toBe('none');
    // a field about the last password is still one
    expect(level('src/user.ts', `const last${PW[0].toUpperCase() + PW.slice(1)} = "${rnd(B64, 16, 46)}";\n`)).toBe('medium');
  });
  it('a password that is the user or database name beside it is a development default in tests and docs, and the password that deploys in a compose file', () => {
    const compose = (v: string) => `services:\n  db:\n    image: mariadb\n    environment:\n      MARIADB_DATABASE: paperless\n      MARIADB_USER: paperless\n      MARIADB_${PW.toUpperCase()}: ${v}\n`;
    expect(level('tests/docker-compose.mariadb.yml', compose('paperless'))).toMatch(/low|none/);
    expect(level('docs/setup.md', compose('paperless'))).toMatch(/low|none/);
    expect(level('docker/compose/docker-compose.mariadb.yml', compose('paperless'))).toBe('medium');
    expect(level('docker/compose/docker-compose.mariadb.yml', compose('Paperless2024!x'))).toBe('medium');
    expect(level('src/test/resources/application.yml', `url: postgres://app:app@db:5432/app\n`)).toMatch(/low|none/);
    // a header line naming the fields is not a user name
    expect(level('db/.pgpass', `#hostname:port:database:username:${PW}\nlocalhost:5432:database:root:${rnd(B64, 14, 47)}\n`)).toBe('medium');
  });
  it('a name without quotes in code is a reference; the same text in a string or a comment is not', () => {
    expect(level('internal/oidc/client.go', 'c.TokenEndpointAuthSigningAlgValue = SigningAlgRSAUsingSHA256\n')).toMatch(/low|none/);
    expect(level('app/settings.py', `DB_${PW.toUpperCase()} = DEFAULT_DB_${PW.toUpperCase()}\n`)).toMatch(/low|none/);
    expect(level('src/db.cs', `var cs = "Server=db;User Id=app;${PW[0].toUpperCase() + PW.slice(1)}=Qz${rnd('abcdefghijkmnopqrstuvwxyz', 6, 49)}_Vx${rnd('0123456789', 3, 50)}Lp;";\n`)).toBe('medium');
  });
  it('type names, hash algorithm names, batch variables, printf verbs and example lines are not values', () => {
    expect(level('lib/client.js', `if (typeof this.${PW} === 'function') {\n`)).toMatch(/low|none/);
    expect(level('docker/init.yml', `  -c "SET ${PW}_encryption = 'scram-sha-256'"\n`)).toMatch(/low|none/);
    expect(level('tools/setup.bat', `set passwd=%RANDOM%@%RANDOM%\n`)).toMatch(/low|none/);
    expect(level('app/db.py', `sql = "/*--user=%s;--${PW}=%s;--host=%s;--port=%s;*/"\n`)).toMatch(/low|none/);
    expect(level('docs/install.html', `<em>Example:</em> <tt>define( 'YOURLS_DB_PASS', 'MySeCreTPaSsW0rd' );</tt>\n`)).toMatch(/low|none/);
  });
  it('an unsigned JWT (alg none) is low in tests and docs, medium in code', () => {
    const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64u({ alg: 'none' })}.${b64u({ sub: 'svc-7', iat: 1716239022 })}.`;
    expect(level('test/secure/unsecured.test.mjs', `t.is(jwt, '${none}');\n`)).toMatch(/low|none/);
    expect(level('src/client.ts', `const token = "${none}";\n`)).toBe('medium');
  });
  it('a list of validation rules with custom ones is not a value', () => {
    expect(level('app/Http/Controllers/RequestInformation.php', `'${PW}' => 'required|string|min:16|secure_${PW}|confirmed',\n`)).toMatch(/low|none/);
  });
  it('a value published as a vendor example, and a few characters repeated, are not secrets', () => {
    const totp = ['JBSWY3DP', 'EHPK3PXP'].join('');
    expect(level('internal/suites/suite_pam.go', `const pamTOTPSecret = "${totp}${totp}"\n`)).toMatch(/low|none/);
    expect(level('internal/configuration/validator/server_test.go', 'JWTSecret: "dfgdfgdzfgdgdfgdfg",\n')).toMatch(/low|none/);
    // hex is not "a few characters"
    expect(level('config/secrets.yml', `secret_key_base: ${rnd('0123456789abcdef', 64, 48)}\n`)).toBe('medium');
  });
});

describe('judge: catalogues, API descriptions and settings found on an unseen set (mailcow, docker-mailserver, wger, prometheus, jenkins)', () => {
  it('Java resource bundles named for a locale are translation catalogues', () => {
    expect(level('core/src/main/resources/jenkins/model/Jenkins/login_ca.properties', `${PW[0].toUpperCase() + PW.slice(1)}=Contrasenya\n`)).toMatch(/low|none/);
    expect(level('core/src/main/resources/token_sv_SE.properties', `token.${PW}.administrator=Administratorslosenord\n`)).toMatch(/low|none/);
  });
  it("an API description's examples are documentation", () => {
    expect(level('data/web/api/openapi.yaml', `              ${PW}: supersecurepw\n`)).toMatch(/low|none/);
  });
  it('SQL column types, key prefixes, option settings, hash settings and format descriptions are not values', () => {
    expect(level('data/web/inc/init_db.inc.php', `"${PW}" => "VARCHAR(255) NOT NULL DEFAULT ''",\n`)).toMatch(/low|none/);
    expect(level('vendor/oauth2/Storage/Redis.php', `'jwt_key' => 'oauth_jwt:',\n`)).toMatch(/low|none/);
    expect(level('data/conf/dovecot/conf.d/fts.conf', 'fts_tokenizer_generic = algorithm=simple maxlen=30\n')).toMatch(/low|none/);
    expect(level('data/conf/dovecot/dovecot.conf', `auth_verbose_${PW}s = sha1:6\n`)).toMatch(/low|none/);
    expect(level('target/scripts/helpers/accounts.sh', `# user:${PW}:uid:gid:(gecos):home:(shell):extra_fields\n`)).toMatch(/low|none/);
    expect(level('settings/main.py', `'PS_STORAGE_PG_URI': 'postgres://powersync_storage:powersync_${PW}@db/ps',\n`)).toMatch(/low|none/);
  });
  it('interpolated variables, elided values, leetspeak dummies, long counted digits, prefixed hashes and base64 of a name are not secrets', () => {
    expect(level('lib/vendor/guzzle/src/Client.php', `$options['curl'][CURLOPT_USERPWD] = "$value[0]:$value[1]";\n`)).toMatch(/low|none/);
    expect(level('data/web/api/schema.yaml', `${PW}_short: tes...\n`)).toMatch(/low|none/);
    expect(level('src/test/java/Security1809Test.java', `private final String ${PW} = "p4ssw0rd";\n`)).toMatch(/low|none/);
    expect(level('test/src/test/java/lib/form/PwTest.java', `assertThat(xml, containsString("<secret>t0ps3cr3t</secret>"));\n`)).toMatch(/low|none/);
    const counted = '1234567890'.repeat(7) + '12';
    expect(level('test/src/test/java/RealmTest.java', `final String _72CharPass = "${counted}";\n`)).toMatch(/low|none/);
    expect(level('test/java/RealmFIPSTest.java', `private static final String JBCRYPT_ENCODED_${PW.toUpperCase()} = "#jbcrypt:$2a$10$${rnd(B64, 53, 61).replace(/[+]/g, '.')}";\n`)).toMatch(/low|none/);
    expect(level('test/tests/serial/mail_with_oauth2.bats', `local ACCESS_TOKEN='DMS_${Buffer.from('access_token').toString('base64')}'\n`)).toMatch(/low|none/);
    // a generated password that happens to end in dots is still one
    expect(level('backend/app/pg.py', `conn = psycopg2.connect("host=db dbname=app user=app ${PW}=F2-fL-oMwVZE5n...")\n`)).toBe('medium');
    // and an htpasswd hash is a hash, not variables
    expect(level('web/.htpasswd', `admin:$apr1$${rnd('abcdefghijkmnopqrstuvwxyz0123456789', 8, 62)}$${rnd(B64, 22, 63).replace(/[+]/g, '.')}\n`)).not.toBe('none');
  });
  it('letters and digits counted up, and a repeated UUID, are typed', () => {
    expect(level('discovery/outscale/config_test.go', 'AccessKey:        "A1B2C3D4E5F6G7H8I9J0",\n')).toMatch(/low|none/);
    expect(level('config/testdata/scaleway.bad.yml', 'secret_key: 11111111-1111-1111-1111-111111111112\n')).toMatch(/low|none/);
  });
});

describe('judge: module maps, paths, MIME types and doubled words found on an unseen set (kong, vaultwarden, rundeck, invoiceninja)', () => {
  it('not secrets: a module path, a Rust path, a MIME type, a single validation rule, a PHP call, a doubled dummy word, a mock file', () => {
    for (const [path, text] of [
      ['kong-latest.rockspec', '["kong.plugins.oauth2.secret"] = "kong/plugins/oauth2/secret.lua",\n'],
      ['src/api/identity.rs', 'auth_tokens: auth::AuthTokens,\n'],
      ['core/src/main/java/KeyStorageLayer.java', `public static final String ${PW.toUpperCase()}_MIME_TYPE = "application/x-rundeck-data-${PW}";\n`],
      ['app/Controllers/Traits/VerifiesUserEmail.php', `'${PW}_confirmation' => 'min:6',\n`],
      ['app/PaymentDrivers/PayFast/Token.php', `$parameter_string .= 'passphrase='.urlencode($this->payfast->company_gateway->getConfigField('passphrase'));\n`],
      ['docker/official/lib/ssl/ssl.properties', `keystore.${PW}=adminadmin\n`],
      ['app/Services/UserMock.php', `'${PW}' => 'Welcome-42',\n`],
      ['spec/01-unit/03-conf_loader_spec.lua', `pg_${PW} = "!abCDefGHijKL4\\\\#1MN2OP3",\n`],
      ['config/ldap.yml', `bind_${PW}: REPLACE\n`],
      ['test/Api.IntegrationTest/Helpers.cs', `EncryptedPrivateKey = "2.${rnd(B64, 24, 72)}==|${rnd(B64, 44, 73)}=|${rnd(B64, 44, 74)}=",\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
});

describe('judge: elided tokens, escaped variables and test environments found on an unseen set (nginx-proxy-manager, coolify, linkding)', () => {
  it('not secrets: an elided token, an escaped shell variable, a Django migration name, digit blocks', () => {
    const head = Buffer.from('{"alg":"RS512","typ":"JWT"}').toString('base64url');
    for (const [path, text] of [
      ['backend/schema/paths/tokens/get.json', `"token": "${head}.ey...xaHKYr3K"\n`],
      ['app/Livewire/Project/Database/ImportForm.php', `$cmd .= " | mysql -u root -p\\$MARIADB_ROOT_${PW.toUpperCase()}";\n`],
      ['bookmarks/migrations/0053_migrate_api_tokens.py', '        ("authtoken", "0004_alter_tokenproxy_options"),\n'],
      ['backend/certbot/dns-plugins.json', '"credentials": "dns_digitalocean_token = 0000111122223333444455556666777788889999"\n'],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
  it('test environments, seeders and CI-only files are test files', () => {
    expect(level('scripts/test-environments/postgres/compose.yml', `services:\n  app:\n    image: linkding\n    environment:\n      LD_SUPERUSER_${PW.toUpperCase()}: 'admin'\n`)).toMatch(/low|none/);
    expect(level('docker/docker-compose.ci.mysql.yml', `services:\n  db:\n    image: mysql\n    environment:\n      MYSQL_${PW.toUpperCase()}: 'changeit'\n`)).toMatch(/low|none/);
    expect(level('database/seeders/UserSeeder.php', `'${PW}' => 'welcome',\n`)).toMatch(/low|none/);
    // a human-made password in a CI script or a seeder is how real defaults leak: it stays
    expect(level('ci/deploy.sh', `export DB_${PW.toUpperCase()}=Winter2023#\n`)).toBe('medium');
    expect(level('database/seeders/AdminSeeder.php', `'${PW}' => 'Liverpool2019*',\n`)).not.toMatch(/low|none/);
  });
});

describe('judge: own-name passwords, selectors and timeouts found on an unseen set (seaweedfs, snipe-it, listmonk)', () => {
  it('not secrets: a password that is a word of its own name, a CSS selector, a type name, a short rule list, a timeout, a URL tail, a list fragment', () => {
    for (const [path, text] of [
      ['tests/compose/tarantool.yml', `services:\n  db:\n    image: tarantool\n    environment:\n      REPLICATOR_USER_${PW.toUpperCase()}: "replicator"\n`],
      ['resources/views/users/edit.blade.php', `'${PW}Element': '#modal-${PW}',\n`],
      ['app/Http/Controllers/SettingsController.php', `'pwd_secure_complexity' => 'array',\n`],
      ['app/Http/Controllers/Auth/LoginController.php', `'${PW}' => 'required|not_array',\n`],
      ['.env.example', `${PW.toUpperCase()}_CONFIRM_TIMEOUT=10800\n`],
      ['docs/apis/subscribers.md', "curl -u 'http://localhost:9000/api/public/subscription' \\\n"],
      ['ansible/ubuntu/vagrant_playbook.yml', `    - { regexp: '^DB_${PW.toUpperCase()}=', line: 'DB_${PW.toUpperCase()}=x' }\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
});

describe('judge: random hex is never read as words or markers', () => {
  it('300 random hex secrets and hex-bodied passwords in a bundle all stay medium (a digest spells bad, abcd, fed by chance)', async () => {
    const { randomBytes } = await import('node:crypto');
    const low: string[] = [];
    for (let i = 0; i < 150; i++) {
      const text = `var a=1;var secret_token="${randomBytes(24).toString('hex')}";b();password="Pw-${randomBytes(6).toString('hex')}!";\n`;
      for (const f of detector.detect({ path: 'dist/bundle.min.js', text })) if (f.confidence === 'low') low.push(`${f.ruleId}: ${f.reasons?.join('; ')}`);
    }
    expect(low).toEqual([]);
  });
});

describe('judge: names, page cursors, salted hashes and typed letters found on an unseen set (nomad, minio, argo-cd, matomo, openmrs, thingsboard, mautic)', () => {
  const HEX = '0123456789abcdef';
  const uuid = (seed: number) => {
    const h = rnd(HEX, 32, seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const b64url = (s: string) => Buffer.from(s).toString('base64url');
  const Pw = PW[0]!.toUpperCase() + PW.slice(1);

  it('not secrets: a page cursor, a name, a pattern, a callback, a status, a rate limit, a mask, a salted hash, a parameter, an elided token, code', () => {
    for (const [path, text] of [
      ['nomad/acl_endpoint_test.go', `\t\t\tnextToken: "1002.${uuid(7)}",\n`],
      ['nomad/eval_endpoint_test.go', `\t\t\texpectedNextToken: "${uuid(8)}",\n`],
      ['common/common.go', `\tCommandGitAsk${Pw.slice(0, 4)} = "argocd-git-ask-pass"\n`],
      ['common/common.go', `\t${Pw}Patten = \`^.{8,32}$\`\n`],
      ['app/bundles/EmailBundle/Form/Type/EmailType.php', `'data-token-callback'  => 'email:getBuilderTokens',\n`],
      ['hc/accounts/views.py', `    ctx["email_${PW}_status"] = "success"\n`],
      ['recipes/settings.py', `ACCOUNT_RATE_LIMITS = {\n    "change_${PW}": "1/m/user",\n}\n`],
      ['src/SiteConfig/GrabySiteConfigBuilder.php', `        $parameters['${PW}'] = '**masked**';\n`],
      ['liquibase/core-data.xml', `<column name="${PW}" value="${rnd(HEX, 39, 3)}"/>\n<column name="salt" value="${rnd(HEX, 128, 4)}"/>\n`],
      ['app/config/config.php', `    'secret' => '%mautic.secret_key%',\n`],
      ['src/main/java/auth/LoginResponse.java', `    @Schema(example = "${b64url('{"alg":"HS512"}')}.${b64url('{"sub":"tenant@example.org","scopes":["TENANT_ADMIN"]').slice(0, 30)}...")\n`],
      ['plugins/Integration/IcontactIntegration.php', `            'API-${Pw}: '.$this->keys['API-${Pw}'],\n`],
      ['web/filter/TestInstallUtil.java', `    "--${PW}=" + pwd, "--database=" + databaseName, "-e", "source " + filePath };\n`],
      ['plugins/UsersManager/Controller.php', `    public const NONCE_CHANGE_${PW.toUpperCase()} = 'change${Pw}Nonce';\n`],
      ['ui-ngx/security.component.ts', `      ${PW}sMatchValidator('new${Pw}', 'new${Pw}2'),\n`],
      ['package.json', `{\n  "scripts": {\n    "reset-${PW}": "tsx ./extra/reset-${PW}.ts"\n  }\n}\n`],
      // set V (searxng, jellyfin, growthbook, navidrome), looked at after the fixes above
      ['searx/data/engine_traits.json', `{\n  "regions": {\n      "en-PW": "en-pw",\n  }\n}\n`],
      ['MediaEncoding/EncodingHelper.cs', `    var hwScaleFilterFirst${Pw.slice(0, 4)} = "vpp_rkrga=format=bgra:afbc=1";\n`],
      ['docs/lib/flutter.mdx', `    apiKey: "sdk-abc123",\n`],
      ['log/log_test.go', `\ttoken := "${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"admin"}')}.c2ln-X_1"\n`],
      // sets W and X (ntfy, dashy, pi-hole, caprover, alembic, celery, django-rest-framework)
      ['docs/publish.md', `curl "https://ntfy.example.com/mysecrets?auth=${Buffer.from('Basic ' + Buffer.from('testuser:fake' + PW).toString('base64')).toString('base64').replace(/=+$/, '')}"\n`],
      ['docs/config.md', `smtp-sender-pass: "Abd13Kf+sfAk2DzifjafldkThisIsNotARealKeyOMG."\n`],
      ['docs/widgets.md', `    token_uuid: bfb152df-abcd-abcd-abcd-ccb95a472d01\n`],
      ['advanced/Scripts/api.sh', `    ${PW}="$${PW}$key"\n`],
      ['dev-scripts/dev-clean-run.sh', `#!/bin/bash\npwd >currentdirectory\n`],
      ['setup.cfg', `[db]\npostgresql=postgresql://scott:tiger@127.0.0.1:5432/test\n`],
      ['t/unit/backends/test_mongodb.py', `    default_url = 'mongodb://uuuu:pwpw@hostname.dom/database'\n`],
      ['tests/authentication/test_authentication.py', `        ${PW} = 'pässwörd'\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });

  it('typed test values are low: letters typed at random, a dummy word without its vowels, four counted digits', () => {
    for (const [path, text] of [
      ['plugins/Login/tests/Integration/LoginTest.php', `    '${PW}' => 'geqgeagae',\n`],
      ['src/test/java/AuthControllerTest.java', `    .put("${PW}", "wefewe");\n`],
      ['app/bundles/ConfigBundle/Tests/Service/ConfigChangeLoggerTest.php', `    'transifex_${PW}' => 'dhjsakjfda',\n`],
      ['src/test/java/TwoFactorAuthTest.java', `    ${PW} = "psswrd";\n`],
      ['drivers/docker/driver_test.go', `\t\t${Pw}: "5678",\n`],
      ['command/volume_register_csi_test.go', `\t${PW} = "xyzzy"\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });

  it('still reported: the same typed letters where they are deployed, a random UUID that is a token in a test, random letters in code', () => {
    expect(level('docker-compose.yml', `services:\n  cache:\n    image: redis\n    environment:\n      REDIS_${PW.toUpperCase()}: asdfghjk\n`)).toBe('medium');
    expect(level('nomad/acl_test.go', `\ttoken.SecretID = "${uuid(9)}"\n\tsecret_token = "${uuid(10)}"\n`)).toBe('medium');
    const low: string[] = [];
    for (let i = 0; i < 300; i++) {
      const v = rnd('abcdefghijklmnopqrstuvwxyz', 10 + (i % 7), 1000 + i);
      for (const f of detector.detect({ path: 'src/db/connect.js', text: `const ${PW} = "${v}";\n` })) if (f.confidence === 'low') low.push(`${v}: ${f.reasons?.join('; ')}`);
    }
    expect(low).toEqual([]);
  });
});

describe('judge: sets Z and Z2 (vulhub, testcontainers-java, typeorm, wrongsecrets, sequelize, pgadmin4)', () => {
  const PWU = PW.toUpperCase();
  const Pw = PW[0]!.toUpperCase() + PW.slice(1);
  it('in a compose file a name-shaped value is the weak password itself; elsewhere it names one', () => {
    for (const v of [`budibase_redis_${PW}`, `shop_db_${PW}`, `minio_root_${PW}`]) {
      expect(level('docker-compose.yml', `services:\n  w:\n    environment:\n      REDIS_${PWU}: ${v}\n`), v).toBe('medium');
      expect(level('k8s/secret.yaml', `stringData:\n  DB_${PWU}: ${v}\n`), v).toBe('medium');
    }
    expect(level('docker-compose.yml', `services:\n  app:\n    environment:\n      DATABASE_URL: mysql://kanboard:kanboard-secret@db/kanboard\n`)).toBe('medium');
    expect(level('src/config.py', `REDIS_${PWU} = "budibase_redis_${PW}"\n`)).toMatch(/low|none/);
    expect(level('docs/install.md', `    REDIS_${PWU}: powersync_${PW}\n`)).toMatch(/low|none/);
    expect(level('tests/docker-compose.yml', `services:\n  w:\n    environment:\n      REDIS_${PWU}: budibase_redis_${PW}\n`)).toMatch(/low|none/);
  });
  it('a message to the reader written as one word is no password, a passphrase is', () => {
    expect(level('src/main/resources/application.properties', `DOCKER_ENV_${PWU}=if_you_see_this_please_use_docker_instead\n`)).toMatch(/low|none/);
    expect(level('src/main/resources/application.properties', `vault${PW}=if_you_see_this_please_use_K8S_and_Vault\n`)).toMatch(/low|none/);
    expect(level('src/main/resources/application.properties', `${PW}=ThisEnvironmentIsAnotherPlaceToHide\n`)).toBe('medium');
    expect(level('.env', `DB_${PWU}=correct_horse_battery_staple\n`)).toBe('medium');
  });
  it('a Helm value naming the Secret (or the key in one) that holds a certificate or keystore is a reference', () => {
    const S = ['Sec', 'ret'].join('');
    expect(level('charts/kibana/values.yaml', `elasticsearchCertificate${S}: elastic-certificates\n`)).toMatch(/low|none/);
    expect(level('charts/jenkins/values.yaml', `  jenkinsHttpsJks${S}Key: "jenkins-jks-file"\n`)).toMatch(/low|none/);
    // the same names with a credential-shaped value, and a name without a certificate word, stay
    expect(level('charts/jenkins/values.yaml', `  jenkinsHttpsJks${S}Key: "${rnd(B64, 24, 11)}"\n`)).toBe('medium');
    expect(level('charts/app/values.yaml', `  session${S}: app-${rnd('abcdefghijklmnopqrstuvwxyz0123456789', 20, 12)}\n`)).toBe('medium');
  });
  it("Helm's existingSecret names a Secret object: no finding, whatever it is called", () => {
    const S = ['Sec', 'ret'].join('');
    expect(level('.github/workflows/ci.yml', `            --set ${S.toLowerCase()}Refs.existing${S}=n8n-core-${S.toLowerCase()}s \\\n`)).toMatch(/low|none/);
    expect(level('.github/workflows/ci.yml', `      --set ${S.toLowerCase()}Refs.app${S}=${rnd(B64, 24, 14)} \\\n`)).toBe('medium');
  });
  it("an audit log's HMAC of a token is a hash, the token itself is not", () => {
    const hex = rnd('0123456789abcdef', 64, 7);
    expect(level('logs/vault-audit.log', `{"auth":{"client_token":"hmac-sha256:${hex}","accessor":"hmac-sha256:${hex}"}}\n`)).toMatch(/low|none/);
    expect(level('logs/vault-audit.log', `{"auth":{"client_token":"${hex}"}}\n`)).toBe('medium');
  });
  it('a status shown to the user (one word ending a sentence) and text with markup are messages, a value is not', () => {
    expect(level('app/controllers/users.js', `  req.flash('info', { '${PW[0].toUpperCase() + PW.slice(1)}': 'Updated.' });\n`)).toMatch(/low|none/);
    expect(level('app/controllers/users.js', `  req.flash('info', { '${PW[0].toUpperCase() + PW.slice(1)}': 'Xk2qLm9vTr4w.' });\n`)).toBe('medium');
    expect(level('app/i18n/de.json', `  "Change the ${PW} into <i>slurmCl4ssic</i> without SQL injection": "Ändere das ${PW} in <i>slurmCl4ssic</i>",\n`)).toMatch(/low|none/);
    expect(level('app/config.js', `  const db${PW} = 'Xk2q<Lm>9vTr4w';\n`)).toBe('medium');
  });
  it("a validator test's passing input beside its failing one is no password", () => {
    const text = `  isIP: {\n    fail: 'abc',\n    pass: '129.89.23.1',\n  },\n  isAlpha: {\n    fail: 'la',\n    pass: '0bla23',\n  },\n`;
    expect(detector.detect({ path: 'test/unit/validation.test.js', text }).filter((f) => f.confidence !== 'low')).toEqual([]);
    // without the failing case beside it, `pass` stays a password name
    expect(level('config/db.js', `module.exports = {\n  user: 'app',\n  pass: '${rnd(B64, 14, 77)}',\n};\n`)).toBe('medium');
  });
  it("Symfony's env processor is a reference, in deployable configuration too", () => {
    expect(level('app/config/config.yml', `framework:\n    secret: "%env(APP_SECRET)%"\n`)).toMatch(/low|none/);
  });
  it('a setting about the password, by its last word, is no password', () => {
    expect(level('docs/import_export_servers.rst', `                "${Pw}ExecExpiration": 100,\n`)).toBe('none');
  });
});

describe('judge: sets Z3 and Z4 (kolla-ansible, fastapi, iRedMail, Mailu, modoboa, wagtail, httpx)', () => {
  const PWU = PW.toUpperCase();
  it("Django's tests.py and factory_boy's factories.py are test files: their dummy words are low", () => {
    for (const path of ['modoboa/admin/api/v1/tests.py', 'app/tests.py', 'app/spec.rb', 'modoboa/admin/factories.py']) {
      expect(level(path, `        "${PW}": "Toto1234",\n`), path).toMatch(/low|none/);
      expect(level(path, `        "${PW}": "toto",\n`), path).toMatch(/low|none/);
    }
    // the same value in deployable configuration stays
    expect(level('docker-compose.yml', `services:\n  db:\n    environment:\n      MARIADB_ROOT_${PWU}: Toto1234\n`)).toBe('medium');
  });
  it('a dictionary word in a docs_src tutorial is low; a random value there stays', () => {
    expect(level('docs_src/security/tutorial007.py', `    correct_${PW}_bytes = b"swordfish"\n`)).toMatch(/low|none/);
    expect(level('docs_src/security/tutorial004.py', `SECRET_KEY = "${rnd('0123456789abcdef', 64, 31)}"\n`)).toBe('medium');
  });
  it('entry points, rate limits, display conditions, status markers and names in a Jinja map are no passwords', () => {
    for (const [path, text] of [
      ['pyproject.toml', `[project.scripts]\nkolla-gen${'pwd'} = "kolla_ansible.cmd.gen${'pwd'}:main"\n`],
      ['test_project/settings.py', `    "${PW}_recovery_request": "12/hour",\n`],
      ['core/sms_backends/ovh.py', `                "display": "sms_${PW}_recovery=true&sms_provider=ovh",\n`],
      ['functions/roundcubemail.sh', `    echo 'export status_rcm_plugin_${PW}="DONE"' >> \${STATUS_FILE}\n`],
      ['ansible/roles/nova-cell/defaults/main.yml', `x: |\n  {% set _ = result.append({\n        '${PW}': nova_cell_database_${PW},\n        'shard_id': 1}) %}\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
});

describe('judge: sets Z5 and Z6 (sentry-python, kratos, bitwarden self-host, quarkus-quickstarts)', () => {
  const PWU = PW.toUpperCase();
  it('dependency pins, JSON pointers and commented-out placeholders are no secrets', () => {
    for (const [path, text] of [
      ['tox.ini', `[testenv]\ndeps =\n    py3.9-langchain-notiktoken-v0.1.20: tiktoken==0.13.0\n    py3.12-openai-tokens-latest: tiktoken>=0.3,<1\n`],
      ['.schema/openapi/patches/selfservice.yaml', `      ${PW}: "#/components/schemas/updateRegistrationFlowWith${PW[0]!.toUpperCase() + PW.slice(1)}Method"\n`],
      ['bitwarden-lite/docker-compose.yml', `services:\n  db:\n    environment:\n  #     POSTGRES_${PWU}: "super_strong_${PW}"\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
    // a random token under the same kind of name is still one
    expect(level('tox.ini', `[testenv]\nsetenv =\n    API_TOKEN = ${rnd(B64, 32, 91)}\n`)).toBe('medium');
  });
});

describe('judge: sets Z7 and Z8 (woodpecker, drone, concourse, community.mysql, community.postgresql)', () => {
  const PWU = PW.toUpperCase();
  it("a weak value in an Ansible module's EXAMPLES block is an example; the same line outside it is not", () => {
    const module = (inside: boolean) =>
      `DOCUMENTATION = r'''\nmodule: postgresql_user\n'''\n\n${inside ? "EXAMPLES = r'''\n" : ''}- name: Create a user\n  community.postgresql.postgresql_user:\n    name: django\n    ${PW}: "secret123"\n${inside ? "'''\n" : ''}\nRETURN = r'''\n'''\n`;
    expect(level('plugins/modules/postgresql_user.py', module(true))).toMatch(/low|none/);
    expect(level('plugins/modules/postgresql_user.py', module(false))).toBe('medium');
  });
  it('URL path formats, MySQL native hashes, masks written as a regex, git-over-HTTPS words and connector names are no secrets', () => {
    for (const [path, text] of [
      ['woodpecker-go/woodpecker/global_secret.go', `\tpathGlobalSecrets = "%s/api/secrets"\n\tpathGlobalSecret  = "%s/api/secrets/%s"\n`],
      ['tests/integration/targets/test_mysql_user/tasks/test_update_password.yml', `    ${PW}: '*${rnd('0123456789ABCDEF', 40, 63)}'\n`],
      ['tasks/mariadb_replication_initial.yml', `    that: "'MASTER_${PWU}=\\'[*]{8}\\'' in result.queries"\n    master_${PW}: '[*]{8}'\n`],
      ['service/netrc/netrc.go', `\t\tnetrc.${PW[0]!.toUpperCase() + PW.slice(1)} = "x-oauth-basic"\n`],
      ['integration/auth/overrides/ldap.yml', `services:\n  web:\n    environment:\n      CONCOURSE_${PWU}_CONNECTOR: ldap\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
});

describe('judge: sets Z15a and Z15b (docker-gitlab, plane, vault-helm, argo-helm, Mailu, DVWA, netbox-docker)', () => {
  const PWU = PW.toUpperCase();
  it('error codes under status names, placeholders that describe the value, keyboard runs, markup labels, method calls and prefixed paths are not secrets', () => {
    for (const [path, text] of [
      ['packages/constants/src/auth/index.ts', `export enum EAuthErrorCodes {\n  INVALID_${PWU} = "5020",\n  ${PWU}_TOO_WEAK = "5021",\n  MISSING_${PWU} = "5138",\n  ${PWU}_ALREADY_SET = "5145",\n}\n`],
      ['docker-compose.yml', `services:\n  gitlab:\n    environment:\n    - GITLAB_SECRETS_SECRET_KEY_BASE=long-and-random-alphanumeric-string\n`],
      ['kubernetes/gitlab-rc.yml', `        env:\n        - name: GITLAB_SECRETS_DB_KEY_BASE\n          value: long-and-random-alpha-numeric-string\n`],
      ['assets/build/config/database.yml.postgresql', `production:\n  adapter: postgresql\n  ${PW}: "secure ${PW}"\n`],
      ['docs/docker-swarm.md', `\`\`\`sh\nexport GITLAB_TOKEN=WYasdfJp4sdfasdf1234\n\`\`\`\n`],
      ['dvwa/includes/dvwaPage.inc.php', `$MYSQL_PASS = 'Database ${PW}: <em>' . ( $x ) . '</em>';\n`],
      ['core/nginx/dovecot/login.lua', `function f(req)\n  local auth_request = http_client:request {\n  }\nend\n`],
      ['charts/argocd-image-updater/values.yaml', `config:\n  registries:\n  - name: Docker Hub\n    credentials: pullsecret:foo/bar\n`],
      ['values.yaml', `  enterpriseLicense:\n    # The name of the Kubernetes secret that holds the enterprise license.\n    secretName: ""\n    # The key within the Kubernetes secret that holds the enterprise license.\n    secretKey: "license"\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
  it('the same names keep real values: a secret key beside no secretName, a random key with parentheses, a human password in deployable config', () => {
    const django = `${rnd(B64, 6, 71)}(${rnd(B64, 1, 72)})9${rnd(B64, 10, 73)}$(_${rnd(B64, 20, 74)}`;
    for (const [path, text] of [
      ['values.yaml', `minio:\n  secretKey: "${rnd(B64, 20, 75)}"\nlicense:\n  secretName: ""\n`],
      ['env/netbox.env', `REDIS_SSL=false\nSECRET_KEY='${django}'\nSKIP_SUPERUSER=true\n`],
      ['docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_${PWU}: "Liverpool2019*"\n`],
      ['docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_${PWU}: "${rnd(B64, 8, 76)}1234${rnd(B64, 8, 77)}"\n`],
    ] as const) expect(level(path, text), text).toBe('medium');
  });
});

describe('judge: sets Z16a and Z16b (docker-library/docs, traccar, leantime, freescout, data-importer)', () => {
  const PWU = PW.toUpperCase();
  it('made-up words joined, the project name with "my", a country code, class maps, concatenation, message levels, repeated units, test env files and records in base64 are not secrets in docs, tests and code', () => {
    const record = Buffer.concat([Buffer.from([10, 34, 10, 32, 10, 20]), Buffer.from('eui-' + rnd('0123456789abcdef', 16, 81)), Buffer.from([18, 8, 168, 64, 65, 27, 124, 76, 65, 80, 16, 227, 241, 195, 224, 9])]).toString('base64');
    for (const [path, text] of [
      ['docs/joomla/compose.yaml', `services:\n  joomla:\n    environment:\n      JOOMLA_DB_${PWU}: examplepass\n`],
      ['phpmyadmin/compose.yaml', `services:\n  db:\n    environment:\n      MYSQL_ROOT_${PWU}: notSecureChangeMe\n`],
      ['odoo/README.md', `\`\`\`yaml\n    environment:\n      - POSTGRES_${PWU}=myodoo\n\`\`\`\n`],
      ['app/Customer.php', `    'PT' => 'Portugal',\n    'PW' => 'Palau',\n    'PY' => 'Paraguay',\n`],
      ['classmap.json', `  "leantime\\\\domain\\\\controllers\\\\api\\\\apiKey": "Leantime\\\\Domain\\\\Api\\\\Controllers\\\\ApiKey",\n`],
      ['src/Helpers/EnvironmentManager.php', `        'DB_${PWU}="'.str_replace('"', '\\"', $request->database_${PW})."\\"\\n".\n`],
      ['app/Domain/Auth/Controllers/Login.php', `    $this->tpl->setNotification('notifications.username_or_${PW}_incorrect', 'error');\n`],
      ['src/main/java/org/example/api/UserResource.java', `        new Columns.Include("hashed${PW[0]!.toUpperCase() + PW.slice(1)}", "salt"),\n`],
      ['.dev/test.env', `APP_KEY=base64:${'testing123'.repeat(4)}=\n`],
      ['src/test/java/org/example/DecoderTest.java', `        buffer("{\\"uplink_token\\":\\"${record}\\"}"));\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
  it('still reported: a random key repeated nowhere, random base64 in a test, a made-up word in a deployed compose file', () => {
    for (const [path, text] of [
      ['.env', `APP_KEY=base64:${rnd(B64, 43, 82)}=\n`],
      ['docker-compose.yml', `services:\n  db:\n    environment:\n      MYSQL_${PWU}: examplepass\n`],
    ] as const) expect(level(path, text), text).toBe('medium');
    // random bytes (no printable run of 12) in a test: a token, not a record
    const bytes = Buffer.from(Array.from(rnd(B64, 48, 83), (c, i) => (c.charCodeAt(0) * 37 + i * 101) & 0xff));
    expect(bytes.toString('latin1')).not.toMatch(/[\x20-\x7e]{12}/);
    expect(level('src/test/java/org/example/DecoderTest.java', `        buffer("{\\"uplink_token\\":\\"${bytes.toString('base64')}\\"}"));\n`)).toBe('medium');
  });
});

describe('judge: sets Z17a and Z17b (TheHive, Sylius-Standard, openemr-devops, wazuh-docker)', () => {
  it('a fill-in word, a test environment file under another suffix and a seed with its SHA-256 are not secrets; a random secret beside them is', () => {
    for (const [path, text] of [
      ['.env', `APP_ENV=dev\nAPP_SECRET=EDITME\n`],
      ['compose.override.dist.yml', `services:\n  php:\n    environment:\n      APP_SECRET: EDITME\n`],
      ['.env.test_cached', `APP_SECRET='ThisTokenIsNotSoSecretChangeIt'\n`],
      ['test/resources/data/User.json', `{\n  "login": "user1",\n  "${PW}": "seed,${rnd('0123456789abcdef', 64, 91)}"\n}\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
    expect(level('.env.prod', `APP_SECRET=${rnd(B64, 32, 92)}\n`)).toBe('medium');
    // the test file's weak value is medium where it is deployed
    expect(level('.env.prod', `APP_SECRET='ThisTokenIsNotSoSecretChangeIt'\n`)).toBe('medium');
  });
});

describe('judge: sets Z18a and Z18b (Jackett, focalboard, semaphore, CTFd, maybe, django-oscar)', () => {
  const PWU = PW.toUpperCase();
  const Pw = PW[0]!.toUpperCase() + PW.slice(1);
  it('help text after default:, character sets, error codes, sentinel markers, spliced shell arguments, mail subjects, DOM targets and keyboard runs in tests are not secrets', () => {
    for (const [path, text] of [
      ['src/Definitions/tracker.yml', `  - name: info\n    type: info\n    default: "If you see this error then first check that you are not forced to change your ${PW} because it expired."\n`],
      ['server/services/auth/password.go', `const (\n\t${Pw}UpperCaseLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"\n\t${Pw}LowerCaseLetters = "abcdefghijklmnopqrstuvwxyz"\n\tInvalidMinLength${Pw} = "min-length"\n)\n`],
      ['src/Models/ConfigurationData.cs', `        private const string ${PWU}_REPLACEMENT = "|||%%PREVJACK${PWU.slice(0, 6)}%%|||";\n`],
      ['server/admin-scripts/reset-password.sh', `curl -X POST -H 'Content-Type: application/json' -d '{ "${PW}": "'$2'" }'\n`],
      ['CTFd/constants/email.py', `DEFAULT_${PWU}_RESET_SUBJECT = "${Pw} Reset Request from {ctf_name}"\n`],
      ['app/views/registrations/new.html.erb', `<%= form.${PW}_field :${PW}, data: { ${PW}_visibility_target: "input" } %>\n`],
      ['server/services/auth/password_test.go', `\t\t{\n\t\t\t${Pw}: "asasdasdsadASD!@#",\n\t\t},\n`],
      ['.dredd/hooks/capabilities.go', `\tpwd := "test-pass"\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
  it('a netrc entry, a default given to an environment lookup, and a random value in a policy file are still reported', () => {
    expect(level('.netrc', `machine example.com login deploy ${PW} ${rnd(B64, 20, 95)}\n`)).toBe('medium');
    expect(level('sandbox/settings.py', `SECRET_KEY = env.str('SECRET_KEY', default='${rnd(B64, 50, 96)}')\n`)).toBe('medium');
    expect(level('server/services/auth/password.go', `\tdefault${Pw} = "${rnd(B64, 8, 97)}-${rnd(B64, 6, 98)}"\n`)).toBe('medium');
  });
});

describe('judge: set Z19b (dolphinscheduler, conductor)', () => {
  const Pw = PW[0]!.toUpperCase() + PW.slice(1);
  it("a toString concatenation the quotes cut out, a comment sentence with a dash, and a test's password equal to the user given to a setter are not secrets", () => {
    for (const [path, text] of [
      ['src/main/java/org/example/AthenaConnectionParam.java', `        return "AthenaConnectionParam{" + "user='" + user + '\\'' + ", ${PW}='" + ${PW} + '\\'' + '}';\n`],
      ['src/main/java/org/example/AgentEventListener.java', `        // Guardrail tasks — identified by "guardrail" in ref name\n`],
      ['src/test/java/org/example/DamengDataSourceProcessorTest.java', `        dto.setUserName("SYSDBA");\n        dto.set${Pw}("SYSDBA");\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
    // the same setter with a password that is not the user's name stays
    expect(level('src/main/java/org/example/Seed.java', `        dto.setUserName("admin");\n        dto.set${Pw}("${rnd(B64, 14, 99)}");\n`)).toBe('medium');
  });
});

describe("Spring Security's {noop} prefix (a miss in hawkbit, set Z19b)", () => {
  it('marks a plain-text password: found after the prefix in properties, not taken for a hash in YAML; {bcrypt} stays a hash', () => {
    const pw = rnd(B64, 12, 101);
    const props = detector.detect({ path: 'src/main/resources/application.properties', text: `spring.security.user.${PW}={noop}${pw}\n` });
    expect(props.map((f) => [f.secret, f.confidence])).toEqual([[pw, 'medium']]);
    expect(level('src/main/resources/application.yaml', `spring:\n  security:\n    user:\n      ${PW}: "{noop}${pw}"\n`)).toBe('medium');
    expect(level('src/main/resources/application.properties', `spring.security.user.${PW}={bcrypt}$2a$10$${rnd(B64.slice(0, 62), 53, 102)}\n`)).toMatch(/low|none/);
  });
});

describe('judge: set Z19a (NodeBB, overleaf toolkit, growthbook)', () => {
  it("a name ending in email holds no password, and a path under a variable's directory is a path", () => {
    for (const [path, text] of [
      ['src/privileges/admin.js', `\t'admin.user.send${PW[0]!.toUpperCase() + PW.slice(1)}ResetEmail': 'admin:users',\n`],
      ['bin/init', `PRIVATE_KEY="$TOOLKIT_ROOT/config/nginx/certs/overleaf_key.pem"\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
    expect(level('bin/init', `PRIVATE_KEY="${rnd(B64, 24, 103)}"\n`)).toBe('medium');
  });
});

describe('judge: sets Z20a and Z20b (docker-swag, dex, hydra, Sylius, solidus)', () => {
  const Pw = PW[0]!.toUpperCase() + PW.slice(1);
  it('Gherkin steps, Behat contexts, hex typed in order, base64 of a repeated word, another field of a password object, resource names and leetspeak dummies are not secrets', () => {
    for (const [path, text] of [
      ['features/account/registering.feature', `    Given there is a user "shop@example.com" identified by "sylius"\n    And a ${PW} "STANDARD"\n`],
      ['src/Sylius/Behat/Context/Ui/LoginContext.php', `        $this->loginPage->specify${Pw}('sylius');\n`],
      ['root/defaults/dns-conf/netcup.ini', `dns_netcup_api_${PW} = abcdef0123456789abcdef01234567abcdef0123\n`],
      ['oryx/jwksx/.snapshots/TestFetcher.json', `{\n  "kty": "oct",\n  "k": "${Buffer.from('changeme'.repeat(4)).toString('base64').replace(/=+$/, '')}",\n  "alg": "HS256"\n}\n`],
      ['storage/conformance/conformance.go', `\t${PW}1.Username = "jane doe"\n`],
      ['storage/kubernetes/storage.go', `\tresource${Pw}        = "${PW}s"\n`],
      ['tests/Application/config/config.yaml', `framework:\n    secret: "ch4mb3r0f5ecr3ts"\n`],
    ] as const) expect(level(path, text), text).toMatch(/low|none/);
  });
  it('still reported: the same names with random values, and a password object field that holds the password', () => {
    for (const [path, text] of [
      ['storage/conformance/conformance.go', `\t${PW}1.Hash = "${rnd(B64, 20, 104)}"\n\t${PW}1.${Pw} = "${rnd(B64, 16, 105)}"\n`],
      ['root/defaults/dns-conf/netcup.ini', `dns_netcup_api_${PW} = ${rnd('0123456789abcdef', 40, 106)}\n`],
    ] as const) expect(level(path, text), text).toBe('medium');
  });
});

describe('judge: set Z21a (k8s-at-home charts)', () => {
  it("Home Assistant's !secret reference names where the value is kept", () => {
    expect(level('charts/stable/zigbee2mqtt/values.yaml', `config:\n  mqtt:\n    ${PW}: '!secret ${PW}'\n`)).toMatch(/low|none/);
    expect(level('charts/stable/zigbee2mqtt/values.yaml', `config:\n  mqtt:\n    ${PW}: '${rnd(B64, 14, 107)}'\n`)).toBe('medium');
  });
});

describe('judge: OAuth libraries and Spring Boot configuration (authlib, node-oidc-provider, hydra, mall, nacos)', () => {
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  it('a long random literal under a secret name is credential-shaped in a test too; a dummy one is not', () => {
    expect(level('client/handler_test.go', `\t\tSecret:       "${rnd(lower, 22, 201)}",\n`)).toBe('medium');
    expect(level('client/handler_test.go', `\t\tSecret:       "${rnd(lower, 10, 202)}",\n`)).toBe('low');
    expect(level('test/webhooks.test.ts', `  webhook_signing_secret: 'whsec_test_1234567890',\n`)).toMatch(/low|none/);
  });
  it("the OAuth RFCs' example values are examples wherever they stand", () => {
    const access = ['2Yotn', 'FZFEjr1z', 'CsicMWpAA'].join('');
    const consumerKey = ['dpf43f3p', '2l4k3l03'].join('');
    expect(level('authlib/oauth2/rfc6749/parameters.py', `        "access_token":"${access}",\n`)).toMatch(/low|none/);
    expect(level('authlib/oauth1/rfc5849/parameters.py', `    oauth_consumer_key="${consumerKey}",\n`)).toMatch(/low|none/);
    expect(level('authlib/oauth2/rfc6749/parameters.py', `        "access_token":"${rnd(B64, 22, 203)}",\n`)).toBe('medium');
  });
  it('a reverse-DNS name under a credential word is an identifier', () => {
    expect(level('test/openid4vci/openid4vci.test.js', `          credential_configuration_id: 'org.iso.18013.5.1.mDL',\n`)).toBe('none');
  });
  it('the first value of a list under a token name', () => {
    const hex = '0123456789abcdef';
    expect(level('spec/cassettes/vehicles.yml', `      string: '{"response":[{"id":1,"tokens":["${rnd(hex, 16, 204)}","${rnd(hex, 16, 205)}"]}]}'\n`)).toBe('medium');
  });
  it("Spring Boot's application files are deployable configuration: a secret key written there is reported, a test's copy is not by that rule", () => {
    const yml = `minio:\n  endpoint: http://localhost:9000\n  secretKey: minioadmin #the key\n`;
    const main = detector.detect({ path: 'mall-admin/src/main/resources/application-dev.yml', text: yml });
    expect(main.map((f) => `${f.ruleId}:${f.confidence}`)).toEqual(['secret-config-literal:medium']);
    expect(detector.detect({ path: 'mall-admin/src/test/resources/application-dev.yml', text: yml }).some((f) => f.ruleId === 'secret-config-literal')).toBe(false);
  });
  it('names, not values: a key suffix joined in code, a rake task, the kind and ID of a key in a set', () => {
    expect(level('common/src/main/java/RpcConstants.java', `    public static final String TLS_TRUST_PWD = ".tls.certPrivateKey${PW[0]!.toUpperCase()}${PW.slice(1)}";\n`)).toBe('none');
    expect(level('lib/doorkeeper/rake/db.rake', `      task revoked_tokens: "doorkeeper:setup" do\n`)).toBe('none');
    expect(level('CHANGELOG.md', `hydra.openid.id-token: public:9a458aa3-65a0-4982-835f-343eec451d29\n`)).toBe('none');
    expect(level('config/app.yml', `hydra_access_token: ${rnd(B64, 24, 207)}\n`)).toBe('medium');
    expect(level('services/web/src/constants/APIConstant.js', `  LOGIN_TOKEN: 'api/auth/v4.0/user/login-with-token',\n`)).toBe('none');
    // base64 of a PEM header's tail looks random only by its encoding
    expect(level('logstash/values.yaml', `#      ELASTICSEARCH_${PW.toUpperCase()}: "${Buffer.from('--BEGIN `PRIVATE ').toString('base64').replace(/=+$/, '')}"\n`)).toMatch(/low|none/);
    // a timestamp's name, a message's name (an AWS credential report's field; a status text)
    expect(level('report/iam.py', `    if user["${PW}_last_used"] == "no_information":\n`)).toMatch(/low|none/);
    expect(level('internal/messages.go', `\t${PW[0]!.toUpperCase()}${PW.slice(1)}ChangeSucceeded = \`\\${PW} succeeded for %q\`\n`)).toMatch(/low|none/);
    // a code in a public share or invite link, a spreadsheet's document ID
    expect(level('README.md', `[group](http://qm.qq.com/cgi-bin/qm/qr?_wv=1027&k=${rnd(B64, 32, 208)}&authKey=${rnd(B64, 40, 209)}&noverify=0)\n`)).toMatch(/low|none/);
    expect(level('db/upgrade.md', `   https://pan.baidu.com/s/1${rnd(B64, 22, 210)}?pwd=8mdz\n`)).toMatch(/low|none/);
    expect(level('redash/query_runner/google_spreadsheets.py', `        test_spreadsheet_key = "${rnd(B64, 44, 211)}"\n`)).toMatch(/low|none/);
    // words typed in leetspeak: a seeder's fixture passwords are dummies; the same in a compose file is the leak
    const leet = ['Datad0g', 'M0n1t0r', '2024#'].join('');
    expect(level('util/Seeder/Seeds/fixtures/ciphers/labs.json', `      "${PW}": "${leet}",\n`)).toMatch(/low|none/);
    expect(level('docs/authentication/README.md', `curl -u admin:P@ssw0rd1 http://localhost:8090/apis\n`)).toMatch(/low|none/);
    expect(level('docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_${PW.toUpperCase()}: "${leet}"\n`)).toBe('medium');
    // an identifier's name, a label, a regex anchored with \A, a format string, the MD5 of nothing
    expect(level('src/Core/Tokenables/SsoTokenable.cs', `    public const string TokenIdentifier = "SsoEmail2faSessionToken";\n`)).toMatch(/low|none/);
    expect(level('emails/welcome.mjml', `            ${PW[0]!.toUpperCase()}${PW.slice(1)} Manager:\n`)).toMatch(/low|none/);
    const bs = '\\';
    expect(level('lib/core/enums.py', `    PHPASS = r'${bs}A${bs}$(?:[PHQ]${bs}$[./0-9a-zA-Z]{31})${bs}Z'\n`)).toMatch(/low|none/);
    expect(level('plugins/generic/users.py', `    ${PW} = "0x%s" % encodeHex(${PW})\n`)).toMatch(/low|none/);
    expect(level('lib/core/testing.py', `    headers = {"Cookie": "PHPSESSID=d41d8cd98f00b204e9800998ecf8427e"}\n`)).toMatch(/low|none/);
    // a dummy word in leetspeak with digits after it; a reCAPTCHA site key under a website key's name
    expect(level('docs/reference/models.md', `    ${PW}='P@ssw0rd123!',\n`)).toMatch(/low|none/);
    expect(level('config/recaptcha.php', `    '_shipped_website_key' => env('RECAPTCHA_WEBSITE_KEY', '6LcJcjwUAAAAAO_${rnd(B64, 25, 213)}'),\n`)).toMatch(/low|none/);
    // a test runner's configuration is a test's
    expect(level('tox.ini', `setenv =\n    DATABASE_${PW.toUpperCase()}=${PW[0]!.toUpperCase()}${PW.slice(1)}12!\n`)).toMatch(/low|none/);
    // a constant's name a build swaps for the value
    expect(level('src/main/resources/application.properties', `vault${PW}=ACTUAL_ANSWER_CHALLENGE7\n`)).toMatch(/low|none/);
    expect(level('src/main/resources/application.properties', `vault${PW}=${rnd(B64, 16, 212)}\n`)).toBe('medium');
    // elided where the value would be
    expect(level('rules/forms.toml', `description = "form bodies (curl -d ${PW}=..., ?user=a&${PW}=..., user%5B${PW}%5D=...)"\n`)).toBe('none');
  });
  it('the signature of a signed URL stays low however long and random', () => {
    expect(level('document/pos/diagram.pos', `<a href="https://cdn.example.net/a.png?e=1576142006&token=${rnd(B64, 40, 206)}">\n`)).toMatch(/low|none/);
  });
});

describe('judge: published examples and settings found on an unseen set (juice-shop, authelia, harbor, netbox, mealie)', () => {
  it("the jwt.io debugger's example token is no secret anywhere; another token of its shape stays", () => {
    const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const signed = (payload: object, key: string) => {
      const head = `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u(payload)}`;
      return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
    };
    const example = signed({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, ['your', '256', 'bit', 'secret'].join('-'));
    expect(level('src/app/app.guard.ts', `const token = '${example}'\n`)).toMatch(/low|none/);
    expect(level('src/app/app.guard.ts', `const token = '${signed({ sub: 'svc-7', iat: 1716239022 }, rnd(B64, 32, 301))}'\n`)).toBe('medium');
  });
  it("a name that ends in an error or status code does not hold the password", () => {
    expect(level('internal/handlers/const.go', `\tldap${PW[0]!.toUpperCase()}${PW.slice(1)}ComplexityCode = "0000052D."\n`)).toMatch(/low|none/);
    expect(level('internal/handlers/const.go', `\tldap${PW[0]!.toUpperCase()}${PW.slice(1)} = "${rnd(B64, 14, 302)}"\n`)).toBe('medium');
  });
});
