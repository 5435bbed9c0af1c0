// SecretStore against moto's real Secrets Manager API through the real SDK.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, DeleteSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, startMoto, type Moto } from '../helpers/moto.js';
import { Journal } from '../../src/migrate/journal.js';
import { createClient } from '../../src/migrate/store/client.js';
import { makeSanitizer, StoreError } from '../../src/migrate/store/errors.js';
import { SecretStore } from '../../src/migrate/store/store.js';
import { countRequests, describeSecret, injectFaults, randomValue, readSecret, testClient, WRITE_COMMANDS } from './aws-helpers.js';

const run = motoAvailable();

describe.runIf(run)('SecretStore against moto', () => {
  let moto: Moto;
  let dir: string;
  let check: SecretsManagerClient;

  beforeAll(async () => {
    moto = await startMoto();
    check = testClient(moto.url);
  });
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    dir = await mkdtemp(join(tmpdir(), 'lg-store-'));
    return () => rm(dir, { recursive: true, force: true });
  });

  async function makeStore(values: string[], hook?: (c: SecretsManagerClient) => void, maxAttempts?: number) {
    const journal = await Journal.open(join(dir, 'journal.json'));
    const info = await createClient({
      endpointUrl: moto.url,
      region: 'us-east-1',
      maxAttempts,
      configureClient: hook,
    });
    const rec = countRequests(info.client);
    const store = new SecretStore(info.client, journal, makeSanitizer(values), { endpoint: info.endpoint });
    return { store, journal, rec };
  }

  it('creates, then leaves an equal secret alone, then updates with merged keys', async () => {
    const a = randomValue('a');
    const b = randomValue('b');
    const { store, rec } = await makeStore([a, b]);
    const req = { name: 'myapp/dev/config-py', sourcePath: 'config.py', values: { DB_PASSWORD: a } };
    const r1 = await store.ensure(req);
    expect(r1.action).toBe('created');
    expect(await store.verify(req)).toEqual([]);
    expect(await readSecret(check, req.name)).toEqual({ DB_PASSWORD: a });

    const before = rec.commands.filter((c) => WRITE_COMMANDS.has(c)).length;
    const r2 = await store.ensure(req);
    expect(r2.action).toBe('unchanged');
    expect(rec.commands.filter((c) => WRITE_COMMANDS.has(c)).length).toBe(before);

    // A key added elsewhere is kept; a new key is added; a changed value is updated.
    const r3 = await store.ensure({ ...req, values: { DB_PASSWORD: b, API_TOKEN: a } });
    expect(r3.action).toBe('updated');
    expect(r3.changed).toEqual(['DB_PASSWORD']);
    expect(r3.added).toEqual(['API_TOKEN']);
    const r4 = await store.ensure({ ...req, values: { OTHER: a } });
    expect(r4.action).toBe('updated');
    expect(r4.kept.sort()).toEqual(['API_TOKEN', 'DB_PASSWORD']);
    expect(await readSecret(check, req.name)).toEqual({ DB_PASSWORD: b, API_TOKEN: a, OTHER: a });
  });

  it('tags and describes the secret without any value, and records no value in the journal', async () => {
    const a = randomValue('x');
    const { store, journal } = await makeStore([a]);
    await store.ensure({ name: 'myapp/dev/settings-py', sourcePath: 'app/settings.py', values: { SECRET_KEY: a } });
    const d = await describeSecret(check, 'myapp/dev/settings-py');
    const tags = Object.fromEntries((d.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags).toEqual({ 'created-by': 'leakguard', 'source-path': 'app/settings.py' });
    expect(JSON.stringify(d)).not.toContain(a);
    const text = await readFile(journal.path, 'utf8');
    expect(text).not.toContain(a);
    expect(text).toContain('myapp/dev/settings-py');
  });

  it('reuses the journal request token when the same write is retried', async () => {
    const a = randomValue('t');
    const { journal } = await makeStore([a]);
    const fp = journal.fingerprint(JSON.stringify({ K: a }));
    const t1 = await journal.tokenFor('n/a/b', 'f', ['K'], 'create', fp);
    const reopened = await Journal.open(journal.path);
    expect(await reopened.tokenFor('n/a/b', 'f', ['K'], 'create', fp)).toBe(t1);
    expect(await reopened.tokenFor('n/a/b', 'f', ['K'], 'create', journal.fingerprint('other'))).not.toBe(t1);
    expect(t1).toMatch(/^[0-9a-f-]{36}$/);
    expect(fp).not.toContain(a);
  });

  it('restores a secret scheduled for deletion and stores the value', async () => {
    const a = randomValue('d');
    await check.send(new CreateSecretCommand({ Name: 'myapp/dev/env', SecretString: JSON.stringify({ OLD: 'x' }) }));
    await check.send(new DeleteSecretCommand({ SecretId: 'myapp/dev/env', RecoveryWindowInDays: 7 }));
    const { store } = await makeStore([a]);
    const r = await store.ensure({ name: 'myapp/dev/env', sourcePath: '.env', values: { DB_PASSWORD: a } });
    expect(r.restored).toBe(true);
    expect(await readSecret(check, 'myapp/dev/env')).toEqual({ OLD: 'x', DB_PASSWORD: a });
  });

  it('refuses to overwrite an existing secret that is not a JSON object', async () => {
    const a = randomValue('n');
    await check.send(new CreateSecretCommand({ Name: 'myapp/dev/plain', SecretString: 'not json' }));
    const { store } = await makeStore([a]);
    const err = await store.ensure({ name: 'myapp/dev/plain', sourcePath: 'p', values: { K: a } }).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).cls).toBe('conflict');
    expect((err as Error).message).toMatch(/does not hold a JSON object/);
  });

  it('retries throttling with backoff and succeeds', async () => {
    const a = randomValue('r');
    let faults!: { fired: number };
    const { store, rec } = await makeStore([a], (c) => {
      faults = injectFaults(c, [{ command: 'CreateSecret', error: 'ThrottlingException', status: 400, times: 2 }]);
    });
    const r = await store.ensure({ name: 'myapp/dev/throttled', sourcePath: 't', values: { K: a } });
    expect(r.action).toBe('created');
    expect(faults.fired).toBe(2);
    expect(rec.attempts.filter((c) => c === 'CreateSecret').length).toBe(3);
    expect(await readSecret(check, 'myapp/dev/throttled')).toEqual({ K: a });
  });

  it('reports AccessDenied as a per-secret error with the value scrubbed from the message', async () => {
    const a = randomValue('s');
    const { store } = await makeStore([a], (c) => {
      injectFaults(c, [{ command: 'CreateSecret', error: 'AccessDeniedException', status: 400, times: Infinity, message: `denied for SecretString ${a}` }]);
    });
    const err = (await store.ensure({ name: 'myapp/dev/denied', sourcePath: 'x', values: { K: a } }).catch((e) => e)) as StoreError;
    expect(err).toBeInstanceOf(StoreError);
    expect(err.cls).toBe('access-denied');
    expect(err.fatal).toBe(false);
    expect(err.message).not.toContain(a);
    expect(err.message).toContain('****');
  });

  it('classifies a stopped endpoint as unreachable (fatal) without a value in the message', async () => {
    const a = randomValue('u');
    const dead = await startMoto();
    await dead.stop();
    const journal = await Journal.open(join(dir, 'j2.json'));
    const info = await createClient({ endpointUrl: dead.url, region: 'us-east-1', maxAttempts: 2 });
    const store = new SecretStore(info.client, journal, makeSanitizer([a]), { endpoint: info.endpoint });
    const err = (await store.ensure({ name: 'myapp/dev/x', sourcePath: 'x', values: { K: a } }).catch((e) => e)) as StoreError;
    expect(err).toBeInstanceOf(StoreError);
    expect(err.cls).toBe('unreachable');
    expect(err.fatal).toBe(true);
    expect(err.message).toContain(dead.url);
  });
});
