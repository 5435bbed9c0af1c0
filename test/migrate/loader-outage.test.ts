// The generated loaders survive a Secrets Manager outage (issue 13, item 5), against moto: a value read
// once is served after the TTL when moto is gone (with a warning naming the secret, never the value);
// refresh picks up a rotated value; a secret never read fails with a clear error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, tempDir } from '../helpers/git.js';
import { testClient } from './aws-helpers.js';
import { PYTHON_LOADER, PYTHON_LOADER_FILE } from '../../src/migrate/loaders/python.js';
import { jsLoader } from '../../src/migrate/loaders/javascript.js';

const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const value = () => 'Q' + Array.from({ length: 18 }, () => AN[randomInt(AN.length)]).join('') + randomInt(10);
const SDK = createRequire(import.meta.url).resolve('@aws-sdk/client-secrets-manager');

interface Run {
  out: string[];
  err: string;
  code: number | null;
}

/** Run a script that prints READY, then waits for a line on stdin; `between` runs in that pause. */
function runWithPause(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, between: () => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let paused = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!paused && out.includes('READY\n')) {
        paused = true;
        between().then(() => child.stdin.end('go\n'), reject);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ out: out.trim().split('\n'), err, code });
    });
  });
}

function spawnSyncText(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { out: r.stdout ?? '', err: r.stderr ?? '' };
}

const run = motoAvailable();

describe.runIf(run)('generated loaders during an outage (moto)', () => {
  let moto: Moto;
  let dir = '';
  const v1 = value();
  const v2 = value();
  beforeAll(async () => {
    moto = await startMoto();
    const c = testClient(moto.url);
    for (const name of ['app/dev/py', 'app/dev/js']) await c.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ DB_PASSWORD: v1 }) }));
    c.destroy();
    dir = tempDir('lg-outage-');
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  const env = () => ({ ...process.env, ...motoEnv(moto), LEAKGUARD_AWS_ENDPOINT_URL: moto.url, LEAKGUARD_SECRET_TTL: '1', LEAKGUARD_SECRET_RETRY: '0', LEAKGUARD_AWS_SDK: SDK, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });

  it('Python: refresh reads a rotated value; after the TTL with moto stopped the last value is served; a secret never read raises', async () => {
    writeFileSync(join(dir, PYTHON_LOADER_FILE), PYTHON_LOADER);
    const script = [
      'import json, sys, time, boto3, os',
      'import leakguard_secrets as ls',
      'name = "app/dev/py"',
      'print(ls.get_secret(name, "DB_PASSWORD") == sys.argv[1])',
      'boto3.client("secretsmanager", endpoint_url=os.environ["LEAKGUARD_AWS_ENDPOINT_URL"]).put_secret_value(SecretId=name, SecretString=json.dumps({"DB_PASSWORD": sys.argv[2]}))',
      'print(ls.get_secret(name, "DB_PASSWORD") == sys.argv[1])  # still cached',
      'ls.refresh_secret(name)',
      'print(ls.get_secret(name, "DB_PASSWORD") == sys.argv[2])',
      'print("READY", flush=True)',
      'sys.stdin.readline()',
      'time.sleep(1.3)',
      'print(ls.get_secret(name, "DB_PASSWORD") == sys.argv[2])  # stale, moto is gone',
      'try:',
      '    ls.get_secret("app/dev/never-read", "X")',
      '    print("no error")',
      'except ls.SecretLoadError as e:',
      '    print("SecretLoadError")',
    ].join('\n');
    writeFileSync(join(dir, 'outage.py'), script);
    const stopped = await startMoto();
    // the Python client is built once: a second moto stands in for the outage so the first stays up for JS
    const c = testClient(stopped.url);
    await c.send(new CreateSecretCommand({ Name: 'app/dev/py', SecretString: JSON.stringify({ DB_PASSWORD: v1 }) }));
    c.destroy();
    const r = await runWithPause('python3', ['outage.py', v1, v2], dir, { ...env(), LEAKGUARD_AWS_ENDPOINT_URL: stopped.url, AWS_ENDPOINT_URL: stopped.url }, () => stopped.stop());
    expect(r.out).toEqual(['True', 'True', 'True', 'READY', 'True', 'SecretLoadError']);
    expect(r.code).toBe(0);
    expect(r.err).toContain("'app/dev/py'");
    expect(r.err).toContain('serving the last value read');
    expect(r.err).not.toContain(v1);
    expect(r.err).not.toContain(v2);
  });

  it('resolve_secrets / resolveSecrets replace every reference inside a loaded config, whole or embedded', async () => {
    writeFileSync(join(dir, PYTHON_LOADER_FILE), PYTHON_LOADER);
    writeFileSync(join(dir, 'leakguard-secrets.mjs'), jsLoader('esm'));
    const ref = 'aws-sm://app/dev/py#DB_PASSWORD';
    const config = { db: { password: ref, url: `postgres://app:${ref}@db/app` }, hosts: ['a', ref], port: 5432 };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const py = [
      'import json, leakguard_secrets as ls',
      'c = ls.resolve_secrets(json.load(open("config.json")))',
      'print(json.dumps(c, sort_keys=True))',
    ].join('\n');
    writeFileSync(join(dir, 'resolve.py'), py);
    const want = { db: { password: v1, url: `postgres://app:${v1}@db/app` }, hosts: ['a', v1], port: 5432 };
    const r1 = spawnSyncText('python3', ['resolve.py'], dir, env());
    expect(r1.err).toBe('');
    expect(JSON.parse(r1.out)).toEqual(want);
    writeFileSync(
      join(dir, 'resolve.mjs'),
      "import { readFileSync } from 'node:fs';\nimport { resolveSecrets, resolveSecretsSync } from './leakguard-secrets.mjs';\n" +
        "const c = JSON.parse(readFileSync('config.json', 'utf8'));\nconsole.log(JSON.stringify([await resolveSecrets(c), resolveSecretsSync(c)]));\n",
    );
    const r2 = spawnSyncText(process.execPath, ['resolve.mjs'], dir, env());
    expect(r2.err).toBe('');
    expect(JSON.parse(r2.out)).toEqual([want, want]);
  });

  it('Node: refreshSecret reads a rotated value; getSecret and getSecretSync serve the last value with moto stopped; a secret never read throws', async () => {
    writeFileSync(join(dir, 'leakguard-secrets.mjs'), jsLoader('esm'));
    const script = [
      "import { getSecret, getSecretSync, refreshSecret } from './leakguard-secrets.mjs';",
      'const sdk = await import(process.env.LEAKGUARD_AWS_SDK);',
      "const [v1, v2] = process.argv.slice(2); const name = 'app/dev/js';",
      "console.log(String((await getSecret(name, 'DB_PASSWORD')) === v1));",
      'const c = new sdk.SecretsManagerClient({ endpoint: process.env.LEAKGUARD_AWS_ENDPOINT_URL });',
      "await c.send(new sdk.PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ DB_PASSWORD: v2 }) }));",
      "console.log(String((await getSecret(name, 'DB_PASSWORD')) === v1));",
      'await refreshSecret(name);',
      "console.log(String((await getSecret(name, 'DB_PASSWORD')) === v2));",
      "console.log('READY');",
      'for await (const _ of process.stdin) break;',
      'await new Promise((r) => setTimeout(r, 1300));',
      "console.log(String((await getSecret(name, 'DB_PASSWORD')) === v2));",
      "console.log(String(getSecretSync(name, 'DB_PASSWORD') === v2));",
      "try { await getSecret('app/dev/never-read', 'X'); console.log('no error'); } catch (e) { console.log(e.message.includes('app/dev/never-read') ? 'Error' : 'bad message'); }",
    ].join('\n');
    writeFileSync(join(dir, 'outage.mjs'), script);
    const r = await runWithPause(process.execPath, ['outage.mjs', v1, v2], dir, env(), () => moto.stop());
    expect(r.err.includes('serving the last value read'), r.err).toBe(true);
    expect(r.out).toEqual(['true', 'true', 'true', 'READY', 'true', 'true', 'Error']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('"app/dev/js"');
    expect(r.err).not.toContain(v1);
    expect(r.err).not.toContain(v2);
  });
});
