import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rewriterFor } from '../../../src/migrate/rewrite/index.js';
import { parseDotenv } from '../../../src/migrate/rewrite/dotenv-parse.js';
import { findEnvBindings, parseReference } from '../../../src/migrate/references.js';
import { request, secretValue } from './fixtures.js';
import { parse as parseYaml } from 'yaml';

async function rewrite(path: string, text: string, values: Array<{ secret: string; key: string; secretName?: string }>) {
  const r = rewriterFor(path, text);
  expect(r).toBeDefined();
  const res = await r!.rewrite(request(path, text, values));
  return { r: r!, res };
}

describe('.env rewriter', () => {
  it('replaces unquoted, quoted and embedded values and keeps everything else byte-identical', async () => {
    const a = secretValue();
    const b = secretValue();
    const c = secretValue();
    const text = `# database settings\nexport DB_PASSWORD=${a}   # keep me\nAPI_TOKEN="${b}"\n\nDATABASE_URL=postgres://app:${c}@db:5432/app\nPLAIN=hello\n`;
    const { r, res } = await rewrite('.env', text, [
      { secret: a, key: 'DB_PASSWORD' },
      { secret: b, key: 'API_TOKEN' },
      { secret: c, key: 'DATABASE_URL_PASSWORD' },
    ]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(
      // unquoted values are quoted: dotenv loaders end an unquoted value at the reference's '#'
      `# database settings\nexport DB_PASSWORD='aws-sm://myapp/dev/-env#DB_PASSWORD'   # keep me\nAPI_TOKEN="aws-sm://myapp/dev/-env#API_TOKEN"\n\nDATABASE_URL='postgres://app:aws-sm://myapp/dev/-env#DATABASE_URL_PASSWORD@db:5432/app'\nPLAIN=hello\n`,
    );
    for (const s of [a, b, c]) expect(res.newText).not.toContain(s);
    expect(await r.validate('.env', res.newText)).toBeNull();
    const entries = parseDotenv(res.newText).entries;
    expect(parseReference(entries.find((e) => e.name === 'DB_PASSWORD')!.value)).toEqual({ secretName: 'myapp/dev/-env', key: 'DB_PASSWORD' });
  });

  it('refuses a value that is only in a comment', async () => {
    const a = secretValue();
    const { res } = await rewrite('.env', `# old: ${a}\nX=1\n`, [{ secret: a, key: 'OLD' }]);
    expect(res.kind).toBe('manual');
    if (res.kind === 'manual') expect(res.reason + res.step).not.toContain(a);
  });
});

describe('JSON rewriter', () => {
  it('edits only the string value, keeps comments/spacing and parses', async () => {
    const a = secretValue();
    const text = `{\n  // comment kept\n  "db": {  "user": "app",\n          "password": "${a}" },\n  "n": 1\n}\n`;
    const { r, res } = await rewrite('config/app.json', text, [{ secret: a, key: 'password', secretName: 'myapp/dev/app-json' }]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(text.replace(a, 'aws-sm://myapp/dev/app-json#password'));
    expect(await r.validate('config/app.json', res.newText)).toBeNull();
  });

  it('refuses a secret used as a property name', async () => {
    const a = secretValue();
    const { res } = await rewrite('x.json', `{"${a}": 1}`, [{ secret: a, key: 'k' }]);
    expect(res.kind).toBe('manual');
  });
});

describe('YAML rewriter', () => {
  it('plain, quoted and flow scalars; comments kept; still parses to the reference', async () => {
    const a = secretValue();
    const b = secretValue();
    const c = secretValue();
    const text = `# top\ndb:\n  password: ${a}  # inline\n  token: '${b}'\nlist: [x, "${c}"]\n`;
    const { r, res } = await rewrite('config.yml', text, [
      { secret: a, key: 'password', secretName: 'app/dev/cfg' },
      { secret: b, key: 'token', secretName: 'app/dev/cfg' },
      { secret: c, key: 'other', secretName: 'app/dev/cfg' },
    ]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(
      text.replace(a, 'aws-sm://app/dev/cfg#password').replace(b, 'aws-sm://app/dev/cfg#token').replace(c, 'aws-sm://app/dev/cfg#other'),
    );
    const doc = parseYaml(res.newText) as { db: { password: string; token: string }; list: string[] };
    expect(doc.db.password).toBe('aws-sm://app/dev/cfg#password');
    expect(doc.list[1]).toBe('aws-sm://app/dev/cfg#other');
    expect(await r.validate('config.yml', res.newText)).toBeNull();
  });

  it('docker-compose uses ${VAR:?…reference}: the variable leakguard exec sets, or compose refuses to start', async () => {
    const a = secretValue();
    const text = `services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${a}\n      MYSQL: x\n`.replace('      MYSQL: x\n', '');
    const { res } = await rewrite('docker-compose.yml', text, [{ secret: a, key: 'POSTGRES_PASSWORD', secretName: 'app/dev/compose' }]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    const line = '- POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?run under leakguard exec to set it from aws-sm://app/dev/compose#POSTGRES_PASSWORD}';
    expect(res.newText).toContain(line);
    expect(findEnvBindings(res.newText)).toMatchObject([{ envName: 'POSTGRES_PASSWORD', secretName: 'app/dev/compose', key: 'POSTGRES_PASSWORD' }]);
    // Compose interpolation follows the shell's: unset, the program never starts with the reference.
    const interpolated = line.slice('- POSTGRES_PASSWORD='.length);
    const unset = spawnSync('sh', ['-c', `echo ${interpolated}`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/run under leakguard exec to set it from aws-sm:/);
    const set = spawnSync('sh', ['-c', `echo ${interpolated}`], { encoding: 'utf8', env: { PATH: process.env.PATH, POSTGRES_PASSWORD: 'resolved' } });
    expect(set.stdout).toBe('resolved\n');
  });

  it('Rails ERB YAML uses ENV.fetch without a default: a clear error when nothing set it', async () => {
    const a = secretValue();
    const text = `production:\n  adapter: postgresql\n  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>\n  password: ${a}\n`;
    const { res } = await rewrite('config/database.yml', text, [{ secret: a, key: 'DB_PASSWORD', secretName: 'app/prod/db' }]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toContain(`password: <%= ENV.fetch('DB_PASSWORD') { raise 'DB_PASSWORD is not set: run under leakguard exec to set it from aws-sm://app/prod/db#DB_PASSWORD' } %>\n`);
    expect(findEnvBindings(res.newText)).toMatchObject([{ envName: 'DB_PASSWORD', secretName: 'app/prod/db', key: 'DB_PASSWORD' }]);
  });

  it('CI workflow files get a manual step instead of an edit', async () => {
    const a = secretValue();
    const { r, res } = await rewrite('.github/workflows/ci.yml', `env:\n  TOKEN: ${a}\n`, [{ secret: a, key: 'TOKEN' }]);
    expect(r.id).toBe('manual:ci-workflow');
    expect(res.kind).toBe('manual');
    if (res.kind === 'manual') {
      // GitHub's own resolver: the official action, and the variable it sets for the key
      expect(res.step).toContain('uses: aws-actions/aws-secretsmanager-get-secrets@v2');
      expect(res.step).toMatch(/secret-ids: LG,\S+ and parse-json-secrets: true; it sets LG_TOKEN/);
      expect(JSON.stringify(res)).not.toContain(a);
    }
    const gl = await rewrite('.gitlab-ci.yml', `variables:\n  TOKEN: ${a}\n`, [{ secret: a, key: 'TOKEN' }]);
    expect(gl.res.kind === 'manual' && gl.res.step).toMatch(/GitLab: CI\/CD variables/);
  });
});

describe('INI / .properties rewriter', () => {
  it('INI value replaced; sections and comments kept', async () => {
    const a = secretValue();
    const text = `; settings\n[database]\nuser = app\npassword = ${a}\n`;
    const { r, res } = await rewrite('settings.ini', text, [{ secret: a, key: 'password', secretName: 'a/b/c' }]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(text.replace(a, 'aws-sm://a/b/c#password'));
    expect(await r.validate('settings.ini', res.newText)).toBeNull();
  });

  it('Spring application.properties gets ${VAR} with no default and the reference on a comment above; other .properties the bare reference', async () => {
    const a = secretValue();
    const text = `# Spring\nspring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password=${a}\n`;
    const { res } = await rewrite('src/main/resources/application.properties', text, [{ secret: a, key: 'DB_PASSWORD', secretName: 'a/b/c' }]);
    expect(res.kind).toBe('edit');
    if (res.kind === 'edit') {
      expect(res.newText).toBe(
        `# Spring\nspring.datasource.url=jdbc:postgresql://db/app\n# leakguard: DB_PASSWORD is set by leakguard exec from aws-sm://a/b/c#DB_PASSWORD\nspring.datasource.password=\${DB_PASSWORD}\n`,
      );
      // no default anywhere: started without leakguard exec, Spring cannot resolve the placeholder
      expect(res.newText).not.toMatch(/\$\{[A-Z_]+:/);
      expect(findEnvBindings(res.newText)).toEqual([expect.objectContaining({ envName: 'DB_PASSWORD', secretName: 'a/b/c', key: 'DB_PASSWORD' })]);
    }
    // a value continued from the line before cannot get a comment line between the two
    const cont = `spring.datasource.password=\\\n  ${a}\n`;
    const { res: res3 } = await rewrite('application.properties', cont, [{ secret: a, key: 'DB_PASSWORD', secretName: 'a/b/c' }]);
    expect(res3.kind).toBe('manual');
    const { res: res2 } = await rewrite('conf/db.properties', `db.password: ${a}\n`, [{ secret: a, key: 'db.password', secretName: 'a/b/c' }]);
    expect(res2.kind).toBe('edit');
    if (res2.kind === 'edit') expect(res2.newText).toBe('db.password: aws-sm://a/b/c#db.password\n');
  });
});

describe('Spring YAML', () => {
  it('application.yml: ${VAR} with no default, the reference on a comment line above, indentation kept', async () => {
    const a = secretValue();
    const b = secretValue();
    const text = `spring:\n  datasource:\n    username: app\n    password: "${a}"\n  mail:\n    password: ${b}\n`;
    const { r, res } = await rewrite('src/main/resources/application.yml', text, [
      { secret: a, key: 'spring.datasource.password', secretName: 'shop/prod/app' },
      { secret: b, key: 'spring.mail.password', secretName: 'shop/prod/app' },
    ]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(
      'spring:\n  datasource:\n    username: app\n' +
        '    # leakguard: spring_datasource_password is set by leakguard exec from aws-sm://shop/prod/app#spring.datasource.password\n' +
        '    password: "${spring_datasource_password}"\n  mail:\n' +
        '    # leakguard: spring_mail_password is set by leakguard exec from aws-sm://shop/prod/app#spring.mail.password\n' +
        '    password: ${spring_mail_password}\n',
    );
    expect(await r.validate('application.yml', res.newText)).toBeNull();
    expect(findEnvBindings(res.newText).map((x) => x.envName)).toEqual(['spring_datasource_password', 'spring_mail_password']);
    expect(res.newText).not.toContain(a);
    expect(res.newText).not.toContain(b);
  });
});

describe('manual rewriters', () => {
  it('every other file type gets a concrete step naming the secret and key, never the value', async () => {
    const a = secretValue();
    for (const [path, id] of [
      ['main.go', 'manual:go'],
      ['src/Main.java', 'manual:java'],
      ['deploy.sh', 'manual:shell'],
      ['infra/main.tf', 'manual:terraform'],
      ['.aws/credentials', 'manual:aws-credentials'],
      ['app.rb', 'manual:ruby'],
      ['index.php', 'manual:php'],
      ['Program.cs', 'manual:csharp'],
      ['notes.txt', 'manual:other'],
      ['src/Api/appsettings.Production.json', 'manual:dotnet-settings'],
    ] as const) {
      const text = `x = "${a}"\n`;
      const { r, res } = await rewrite(path, text, [{ secret: a, key: 'API_KEY', secretName: 'app/dev/x' }]);
      expect(r.id).toBe(id);
      expect(res.kind).toBe('manual');
      if (res.kind === 'manual') {
        expect(res.step).toContain('app/dev/x');
        expect(res.step).toContain('API_KEY');
        expect(JSON.stringify(res)).not.toContain(a);
      }
    }
  });
});

describe('more formats', () => {
  it('TOML string values are replaced and the file still parses as TOML', async () => {
    const a = secretValue();
    const text = `# app\n[database]\nuser = "app"\npassword = "${a}" # inline\n`;
    const { r, res } = await rewrite('config/app.toml', text, [{ secret: a, key: 'password', secretName: 'a/b/toml' }]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(text.replace(a, 'aws-sm://a/b/toml#password'));
    expect(await r.validate('config/app.toml', res.newText)).toBeNull();
    expect(await r.validate('config/app.toml', 'x = "unterminated\n')).toMatch(/TOML/);
  });

  it('Rails app (Gemfile + config/application.rb) gets ENV.fetch even without existing ERB', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'lg-rails-'));
    try {
      writeFileSync(join(root, 'Gemfile'), "source 'https://rubygems.org'\n");
      mkdirSync(join(root, 'config'));
      writeFileSync(join(root, 'config', 'application.rb'), '');
      const a = secretValue();
      const text = `production:\n  password: "${a}"\n`;
      const r = rewriterFor('config/database.yml', text)!;
      const res = await r.rewrite(request('config/database.yml', text, [{ secret: a, key: 'DB_PASSWORD', secretName: 'r/p/db' }], root));
      expect(res.kind).toBe('edit');
      if (res.kind === 'edit') expect(res.newText).toBe(`production:\n  password: "<%= ENV.fetch('DB_PASSWORD') { raise 'DB_PASSWORD is not set: run under leakguard exec to set it from aws-sm://r/p/db#DB_PASSWORD' } %>"\n`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('standalone validate() is lenient with lines dotenv loaders skip, strict with unterminated quotes and JSON/YAML errors', async () => {
    expect(await rewriterFor('.env', '')!.validate('.env', 'A=1\nnot an assignment\n')).toBeNull();
    expect(await rewriterFor('.env', '')!.validate('.env', 'A="open\nB=2\n')).toMatch(/unterminated/);
    expect(await rewriterFor('a.json', '')!.validate('a.json', '{"a": }')).toMatch(/offset/);
    expect(await rewriterFor('a.yml', '')!.validate('a.yml', 'a: [1, 2\n')).not.toBeNull();
    expect(await rewriterFor('a.properties', '')!.validate('a.properties', 'anything goes\n')).toBeNull();
  });
});
