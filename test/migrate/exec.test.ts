// `leakguard exec -- COMMAND`: resolves the repo's aws-sm:// references from a real moto server through the
// built CLI and starts COMMAND with the original values in its environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { cleanupTemp, gitEnv, tempDir } from '../helpers/git.js';
import { freePort, motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { secretValue } from './rewrite/fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/leakguard.js');

describe('leakguard exec', () => {
  let moto: Moto | undefined;
  let repo = '';
  const v = { db: secretValue(), api: secretValue(), compose: secretValue(), spring: secretValue() };

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run bundle` first (npm test does)');
    if (!motoAvailable()) return;
    moto = await startMoto();
    const client = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await client.send(new CreateSecretCommand({ Name: 'app/dev/env', SecretString: JSON.stringify({ DB_PASSWORD: v.db }) }));
    await client.send(new CreateSecretCommand({ Name: 'app/dev/cfg', SecretString: JSON.stringify({ API_KEY: v.api, 'db.password': v.spring }) }));
    await client.send(new CreateSecretCommand({ Name: 'app/dev/compose', SecretString: JSON.stringify({ POSTGRES_PASSWORD: v.compose }) }));
    client.destroy();
    repo = tempDir('lg-exec-');
    spawnSync('git', ['init', '-q', repo], { env: gitEnv() });
    writeFileSync(
      join(repo, '.env'),
      '# app\nDB_PASSWORD=aws-sm://app/dev/env#DB_PASSWORD\nDATABASE_URL="postgres://app:aws-sm://app/dev/env#DB_PASSWORD@db/app"\nPLAIN=hello\n',
    );
    writeFileSync(join(repo, 'config.yml'), 'api:\n  key: aws-sm://app/dev/cfg#API_KEY\n');
    writeFileSync(join(repo, 'docker-compose.yml'), 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?run under leakguard exec to set it from aws-sm://app/dev/compose#POSTGRES_PASSWORD}\n      - OLD_FORM=${OLD_FORM:-aws-sm://app/dev/compose#POSTGRES_PASSWORD}\n');
    writeFileSync(join(repo, 'application.properties'), 'spring.datasource.password=${SPRING_DATASOURCE_PASSWORD:aws-sm://app/dev/cfg#db.password}\n');
    // what migrate writes now: no default, the reference on the comment line above
    writeFileSync(join(repo, 'application-prod.yml'), 'spring:\n  datasource:\n    # leakguard: SPRING_PROD_PASSWORD is set by leakguard exec from aws-sm://app/dev/cfg#db.password\n    password: ${SPRING_PROD_PASSWORD}\n');
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  function lg(args: string[], extraEnv: Record<string, string> = {}, cwd = repo) {
    const env: NodeJS.ProcessEnv = { ...gitEnv(), ...motoEnv(moto!), ...extraEnv };
    delete env.AWS_ENDPOINT_URL_SECRETS_MANAGER; // passed explicitly unless a test sets it
    Object.assign(env, extraEnv);
    return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  }

  it('printenv prints the original value of a .env reference', () => {
    if (!moto) return; // motoAvailable() printed SKIPPED (and throws in CI)
    const r = lg(['exec', '--endpoint-url', moto.url, '--region', 'us-east-1', '--', 'printenv', 'DB_PASSWORD']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(v.db + '\n');
    expect(r.status).toBe(0);
  });

  it('resolves embedded references, config-file references and env indirections; honours AWS_ENDPOINT_URL_SECRETS_MANAGER', () => {
    if (!moto) return;
    const script = 'printf "%s|%s|%s|%s|%s|%s|%s" "$DATABASE_URL" "$API_KEY" "$POSTGRES_PASSWORD" "$SPRING_DATASOURCE_PASSWORD" "$PLAIN" "$OLD_FORM" "$SPRING_PROD_PASSWORD"';
    const r = lg(['exec', '--', 'sh', '-c', script], { AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.url });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`postgres://app:${v.db}@db/app|${v.api}|${v.compose}|${v.spring}|hello|${v.compose}|${v.spring}`);
  });

  it('passes the exit code through, prints nothing itself, and keeps inherited plain variables', () => {
    if (!moto) return;
    const r = lg(['exec', '--endpoint-url', moto.url, '--', 'sh', '-c', 'printf "%s" "$PLAIN"; exit 7'], { PLAIN: 'inherited' });
    expect(r.status).toBe(7);
    expect(r.stdout).toBe('inherited');
    expect(r.stderr).toBe('');
    const nf = lg(['exec', '--endpoint-url', moto.url, '--', 'no-such-command-leakguard-test']);
    expect(nf.status).toBe(127);
    expect(nf.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with one line when AWS is unreachable or a secret is missing, never echoing values', async () => {
    if (!moto) return;
    const dead = `http://127.0.0.1:${await freePort()}`;
    const r = lg(['exec', '--endpoint-url', dead, '--', 'printenv', 'DB_PASSWORD']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot reach|cannot resolve/);

    const other = tempDir('lg-exec-missing-');
    spawnSync('git', ['init', '-q', other], { env: gitEnv() });
    writeFileSync(join(other, '.env'), 'X=aws-sm://app/dev/nope#X\n');
    const m = lg(['exec', '--endpoint-url', moto.url, '--', 'printenv', 'X'], {}, other);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/^leakguard: cannot resolve secret "app\/dev\/nope": secret "app\/dev\/nope" not found\n$/);
    for (const s of Object.values(v)) expect(r.stderr + m.stderr).not.toContain(s);
  });

  it('usage errors: no command', () => {
    if (!moto) return;
    const r = lg(['exec']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs a command/);
  });
});
