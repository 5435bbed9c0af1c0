// End to end, as a user runs it: the built CLI migrates a legacy repo into moto's Secrets Manager;
// afterwards no file holds a finding, the migrated Python and JavaScript return the original values,
// `leakguard exec` gives them to a command, a second run changes nothing, and nothing printed holds a value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { passwordValue } from '../helpers/values.js';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, fakeAwsKeyId, fakeAwsSecret, gitEnv, makeRepo, tempDir, type TempRepo } from '../helpers/git.js';
import { readSecret, testClient } from './aws-helpers.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/leakguard.js');
const pw = (): string => passwordValue('Z', 15);

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

/** Snapshot of every file under dir (outside .git): path -> content. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (e.name === '.git') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(dir, p));
    else if (e.isFile()) out[p] = readFileSync(join(dir, p), 'utf8');
  }
  return out;
}

const run = motoAvailable();

describe.runIf(run)('leakguard migrate end to end (built CLI, moto)', () => {
  let moto: Moto;
  let check: SecretsManagerClient;
  let env: NodeJS.ProcessEnv;
  let repo: TempRepo;
  const v = {
    keyId: fakeAwsKeyId(),
    keySecret: fakeAwsSecret(),
    django: pw(),
    djangoKey: pw() + pw(),
    env: pw(),
    ts: pw(),
    js: pw(),
    json: pw(),
    yaml: pw(),
    props: pw(),
    ci: 'gh' + 'p_' + pw() + pw() + pw().slice(0, 2),
  };
  const files: Record<string, string> = {
    'config.py': `import os\n\nAWS_ACCESS_KEY_ID = "${v.keyId}"\nAWS_SECRET_ACCESS_KEY = "${v.keySecret}"\nREGION = os.environ.get("AWS_REGION", "us-east-1")\n`,
    'settings.py':
      `# Django settings\nDEBUG = False\nSECRET_KEY = "${v.djangoKey}"\n\nDATABASES = {\n    "default": {\n` +
      `        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n        "USER": "app",\n` +
      `        "PASSWORD": "${v.django}",  # prod password\n        "HOST": "db.internal",\n    }\n}\n`,
    '.env': `# local\nDB_PASSWORD=${v.env}\nDEBUG=true\n`,
    'config.ts': `export const settings = {\n  host: 'db.internal',\n  password: '${v.ts}',\n};\n`,
    'db.js': `'use strict';\nconst password = '${v.js}';\n\nmodule.exports = { host: 'db.internal', password };\n`,
    'config.json': `{\n  "service": "app",\n  "database": { "password": "${v.json}" }\n}\n`,
    'config.yml': `# app config\ndatabase:\n  host: db.internal\n  password: ${v.yaml}\n`,
    'application.properties': `spring.datasource.url=jdbc:postgresql://db.internal/app\nspring.datasource.password=${v.props}\n`,
    // a manual step: its value is stored, the file is left for the user
    '.github/workflows/deploy.yml': `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_TOKEN: ${v.ci}\n    steps:\n      - run: ./deploy.sh\n`,
  };
  const MANUAL = '.github/workflows/deploy.yml';
  // Code that reads config.yml and config.json itself (no value of its own): migrate wires its loads.
  const apps: Record<string, string> = {
    'app_config.py':
      'import os\nimport yaml\n\nCONFIG_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "config.yml")\n\n' +
      'with open(CONFIG_PATH, encoding="utf-8") as fh:\n    CONFIG = yaml.safe_load(fh)\n',
    'server.js':
      "'use strict';\nconst fs = require('fs');\nconst path = require('path');\n\n" +
      "const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));\n\nmodule.exports = { config };\n",
    // and the .env, loaded into the environment by python-dotenv and by dotenv
    'env_app.py': 'import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n',
    'env-app.js': "'use strict';\nrequire('dotenv').config();\n\nmodule.exports = { password: process.env.DB_PASSWORD };\n",
    // compose interpolates DB_PASSWORD from the .env beside it
    'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
  };
  const values = Object.values(v);
  let first: { code: number | null; out: string; err: string };

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
    moto = await startMoto();
    check = testClient(moto.url);
    env = { ...gitEnv(), ...motoEnv(moto), CI: '' };
    // The committed key pair is a real one of moto's IAM, so the rotation advice can name its user.
    const { IAMClient, CreateUserCommand, CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await iam.send(new CreateUserCommand({ UserName: 'legacy-deployer' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'legacy-deployer' }))).AccessKey!;
    for (const p of Object.keys(files)) files[p] = files[p]!.replaceAll(v.keyId, key.AccessKeyId!).replaceAll(v.keySecret, key.SecretAccessKey!);
    v.keyId = key.AccessKeyId!;
    v.keySecret = key.SecretAccessKey!;
    values.splice(0, values.length, ...Object.values(v));
    repo = makeRepo();
    for (const [p, c] of Object.entries({ ...files, ...apps })) repo.write(p, c);
    repo.write('package.json', '{\n  "name": "legacy-app",\n  "private": true,\n  "dependencies": {\n    "pg": "^8.11.0"\n  }\n}\n');
    repo.write('requirements.txt', 'Django>=4.2\n');
    repo.commitAll('legacy app');
    first = sh(process.execPath, [BIN, 'migrate', '--apply', '--yes', '--endpoint-url', moto.url, '--region', 'us-east-1'], repo.dir, env);
    // What `npm install` of the app's new dependency gives it: the SDK in its own node_modules.
    mkdirSync(join(repo.dir, 'node_modules', '@aws-sdk'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@aws-sdk', 'client-secrets-manager'), join(repo.dir, 'node_modules', '@aws-sdk', 'client-secrets-manager'));
    symlinkSync(join(ROOT, 'node_modules', 'dotenv'), join(repo.dir, 'node_modules', 'dotenv'));
  });

  it("adds the loaders' SDKs to the app's own manifests, and the loaders name nothing of this machine", () => {
    const pkg = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ pg: '^8.11.0', '@aws-sdk/client-secrets-manager': expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(readFileSync(join(repo.dir, 'package.json'), 'utf8')).toMatch(/^\{\n  "name": "legacy-app",\n  "private": true,\n  "dependencies": \{\n    "pg": "\^8\.11\.0",\n/);
    expect(readFileSync(join(repo.dir, 'requirements.txt'), 'utf8')).toBe('Django>=4.2\nboto3\n');
    for (const loader of ['leakguard-secrets.cjs', 'leakguard_secrets.py']) {
      const text = readFileSync(join(repo.dir, loader), 'utf8');
      expect(text, loader).not.toContain(ROOT);
      expect(text, loader).not.toMatch(/node_modules\/@aws-sdk/);
    }
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  it('exits 0 and prints no value', () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    for (const x of values) {
      expect(first.out).not.toContain(x);
      expect(first.err).not.toContain(x);
    }
    expect(first.out).toMatch(/Migrated \d+ file/);
  });

  it('leaves no finding in the migrated files', () => {
    const r = sh(process.execPath, [BIN, 'scan', '--format', 'json', '.'], repo.dir, env);
    const report = JSON.parse(r.out) as { findings: Array<{ path: string; line: number; ruleId: string }> };
    expect(report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`)).toEqual([`${MANUAL}:6 github-token`]);
    expect(first.out).toMatch(/Files that still hold findings \(1\):\n\s+\.github\/workflows\/deploy\.yml: 1 finding\(s\) \(manual step above\)/);
    for (const p of Object.keys(files).filter((p) => p !== MANUAL)) {
      const now = readFileSync(join(repo.dir, p), 'utf8');
      for (const x of values) expect(now.includes(x), `${p} still holds a value`).toBe(false);
    }
  });

  it("writes the application role's IAM policy: GetSecretValue on exactly the secrets it created", async () => {
    const file = join(repo.dir, '.git', 'leakguard', 'iam-policy.json');
    const policy = JSON.parse(readFileSync(file, 'utf8'));
    const names = Object.keys(files).map((p) => first.out.match(new RegExp(`(\\S+)\\n\\s+from ${p.replace(/\./g, '\\.')},`))?.[1]);
    const { ListSecretsCommand } = await import('@aws-sdk/client-secrets-manager');
    const listed = (await check.send(new ListSecretsCommand({}))).SecretList ?? [];
    const arns = listed.filter((x) => names.includes(x.Name)).map((x) => x.ARN!).sort();
    expect(arns).toHaveLength(new Set(names).size);
    expect(policy).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'ReadTheMigratedSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arns }] });
    expect(first.out).toContain(`IAM policy for the application's role (read these secrets and nothing else), written to ${file}`);
  });

  it('stored every value in Secrets Manager', async () => {
    const stored: string[] = [];
    for (const p of Object.keys(files)) {
      const name = first.out.match(new RegExp(`(\\S+)\\n\\s+from ${p.replace(/\./g, '\\.')},`))?.[1];
      expect(name, `secret for ${p}`).toBeTruthy();
      stored.push(...Object.values(await readSecret(check, name!)));
    }
    expect(stored.sort()).toEqual([...values].sort());
  });

  it('the migrated Django settings and config.py return the originals under Python with boto3', () => {
    const code =
      'import json, sys\nsys.path.insert(0, ".")\nimport settings, config\n' +
      'print(json.dumps([settings.DATABASES["default"]["PASSWORD"], settings.SECRET_KEY, config.AWS_ACCESS_KEY_ID, config.AWS_SECRET_ACCESS_KEY]))\n';
    const r = sh('python3', ['-c', code], repo.dir, env);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([v.django, v.djangoKey, v.keyId, v.keySecret]);
  });

  it('the migrated CommonJS module passes node --check and gives the original under node', () => {
    expect(sh(process.execPath, ['--check', 'db.js'], repo.dir, env).code).toBe(0);
    const r = sh(process.execPath, ['-e', 'const m = require("./db.js"); Promise.resolve(m.password).then((p) => console.log(JSON.stringify(p)))'], repo.dir, env);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toBe(v.js);
  });

  it('the migrated TypeScript gives the original under node', async () => {
    const { build } = await import('esbuild');
    const outfile = join(repo.dir, '.ts-out.mjs');
    await build({ entryPoints: [join(repo.dir, 'config.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent', packages: 'external' });
    writeFileSync(join(repo.dir, '.ts-run.mjs'), 'const m = await import("./.ts-out.mjs"); console.log(JSON.stringify(await m.settings.password));\n');
    const r = sh(process.execPath, ['.ts-run.mjs'], repo.dir, env);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toBe(v.ts);
  });

  it('code that loads config.yml and config.json itself gets the originals, run without leakguard exec', () => {
    expect(readFileSync(join(repo.dir, 'config.yml'), 'utf8')).toMatch(/password: aws-sm:\/\/\S+#password\n/);
    const py = sh('python3', ['-c', 'import json, app_config; print(json.dumps(app_config.CONFIG["database"]["password"]))'], repo.dir, env);
    expect(py.err).toBe('');
    expect(JSON.parse(py.out)).toBe(v.yaml);
    const js = sh(process.execPath, ['-e', 'console.log(JSON.stringify(require("./server.js").config.database.password))'], repo.dir, env);
    expect(js.err).toBe('');
    expect(JSON.parse(js.out)).toBe(v.json);
    expect(first.out).toMatch(/rewrote\s+app_config\.py \(it loads config\.yml\)/);
  });

  it('code that loads the migrated .env with dotenv gets the original in its environment, without leakguard exec', () => {
    // compose reads this .env: the value stays empty, the reference on the comment line above, and compose requires the variable
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toMatch(/^# leakguard: DB_PASSWORD is set by leakguard exec from aws-sm:\/\/\S+#DB_PASSWORD .*\nDB_PASSWORD=\n/m);
    expect(readFileSync(join(repo.dir, 'docker-compose.yml'), 'utf8')).toMatch(/POSTGRES_PASSWORD: \$\{DB_PASSWORD:\?run under leakguard exec to set it from aws-sm:\/\/\S+#DB_PASSWORD\}\n/);
    const clean = { ...env };
    delete clean.DB_PASSWORD;
    const py = sh('python3', ['-c', 'import json, env_app; print(json.dumps(env_app.DB_PASSWORD))'], repo.dir, clean);
    expect(py.err).toBe('');
    expect(JSON.parse(py.out)).toBe(v.env);
    const js = sh(process.execPath, ['-e', 'console.log(JSON.stringify(require("./env-app.js").password))'], repo.dir, clean);
    expect(js.err).toBe('');
    expect(JSON.parse(js.out)).toBe(v.env);
  });

  it('the migrated Node code still works after the repo is copied elsewhere (nothing in it names this checkout)', () => {
    const other = join(tempDir('lg-copied-'), 'app');
    cpSync(repo.dir, other, { recursive: true, filter: (src) => !src.includes(`${join(repo.dir, '.git')}`) });
    const r = sh(process.execPath, ['-e', 'Promise.all([require("./db.js").password, require("./server.js").config.database.password]).then((p) => console.log(JSON.stringify(p)))'], other, env);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([v.js, v.json]);
    for (const loader of ['leakguard-secrets.cjs', 'leakguard_secrets.py']) expect(readFileSync(join(other, loader), 'utf8')).not.toContain(repo.dir);
  });

  it('`leakguard exec -- printenv DB_PASSWORD` prints the original', () => {
    const r = sh(process.execPath, [BIN, 'exec', '--', 'printenv', 'DB_PASSWORD'], repo.dir, env);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(v.env);
  });

  it('a second identical run exits 0, says nothing to do and changes no file, nor narrows the IAM policy', () => {
    const policyFile = join(repo.dir, '.git', 'leakguard', 'iam-policy.json');
    const policy = readFileSync(policyFile, 'utf8');
    const before = tree(repo.dir);
    const modes = Object.fromEntries(Object.keys(before).map((p) => [p, statSync(join(repo.dir, p)).mode]));
    const r = sh(process.execPath, [BIN, 'migrate', '--apply', '--yes', '--endpoint-url', moto.url, '--region', 'us-east-1'], repo.dir, env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/nothing to do/);
    expect(tree(repo.dir)).toEqual(before);
    // the rerun stores only the manual file's secret again; the policy still names every secret of both runs
    expect(readFileSync(policyFile, 'utf8')).toBe(policy);
    for (const p of Object.keys(before)) expect(statSync(join(repo.dir, p)).mode).toBe(modes[p]);
    for (const x of values) expect(r.out + r.err).not.toContain(x);
  });

  it('wrote the filter-repo expressions file with mode 0600 inside .git, and no value in the journal', () => {
    const dir = join(repo.dir, '.git', 'leakguard');
    const expr = join(dir, 'filter-repo-replacements.txt');
    expect(statSync(expr).mode & 0o777).toBe(0o600);
    const lines = readFileSync(expr, 'utf8').trim().split('\n');
    for (const x of values) expect(lines).toContain(`literal:${x}==>***REMOVED***`);
    const journal = readFileSync(join(dir, 'migrate-journal.json'), 'utf8');
    for (const x of values) expect(journal).not.toContain(x);
    const keys = readFileSync(join(dir, 'aws-access-keys-to-rotate.txt'), 'utf8');
    // the key's user, looked up with iam get-access-key-last-used
    expect(keys).toContain(`aws iam update-access-key --user-name legacy-deployer --access-key-id ${v.keyId} --status Inactive`);
    expect(first.out).toMatch(/AKIA\S+ \(IAM user legacy-deployer\)/);
    expect(first.out).not.toContain(v.keyId);
    expect(keys).not.toContain(v.keySecret);
  });
});
