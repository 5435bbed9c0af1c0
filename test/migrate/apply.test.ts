// migrate --apply in-process against moto with faults injected through SDK middleware on the real
// client: every file ends untouched or fully migrated, the next run finishes, a repeated run makes
// no API write and changes no file, and no value reaches the journal, tags or log lines.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { passwordValue } from '../helpers/values.js';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, makeRepo, type TempRepo } from '../helpers/git.js';
import { countRequests, injectFaults, readSecret, testClient, WRITE_COMMANDS } from './aws-helpers.js';
import { migrateInProcess } from './pipeline.js';

/** A random password-like value (mixed case and digits) the scanner flags in these files. */
const pw = (): string => passwordValue('Q', 15);

interface Fixture {
  repo: TempRepo;
  values: Record<string, string>;
  original: Record<string, string>;
}

function legacyRepo(): Fixture {
  const repo = makeRepo();
  const values = { env: pw(), token: pw(), json: pw(), yaml: pw(), go: pw() };
  const files: Record<string, string> = {
    '.env': `# local settings\nDB_PASSWORD=${values.env}\nAPI_SECRET=${values.token}\nDEBUG=1\n`,
    'config.json': `{\n  "database": {\n    "host": "db.internal",\n    "password": "${values.json}"\n  }\n}\n`,
    'config.yml': `db:\n  host: db.internal\n  password: ${values.yaml}\n`,
    'main.go': `package main\n\nconst dbPassword = "${values.go}"\n`,
  };
  for (const [p, c] of Object.entries(files)) repo.write(p, c);
  // the app's code that reads both config files (no value of its own): wired before they are rewritten
  repo.write('app.py', 'import json, yaml\nDB = json.load(open("config.json"))\nCONF = yaml.safe_load(open("config.yml"))\n');
  repo.commitAll('legacy');
  return { repo, values, original: files };
}

function read(repo: TempRepo, p: string): string {
  return readFileSync(join(repo.dir, p), 'utf8');
}

/** Each file is either byte-identical to the original or holds none of its values. */
function assertConsistent(f: Fixture, migrated: string[]): void {
  for (const [p, orig] of Object.entries(f.original)) {
    const now = read(f.repo, p);
    if (migrated.includes(p)) {
      for (const v of Object.values(f.values)) expect(now.includes(v), `${p} still holds a value`).toBe(false);
    } else {
      expect(now, `${p} should be untouched`).toBe(orig);
    }
  }
  // No temp files left behind by an atomic write.
  expect(readdirSync(f.repo.dir).filter((n) => n.includes('.leakguard-'))).toEqual([]);
}

function assertNoValues(f: Fixture, texts: string[]): void {
  for (const t of texts) for (const v of Object.values(f.values)) expect(t.includes(v)).toBe(false);
}

const run = motoAvailable();

describe.runIf(run)('migrate --apply under faults (moto)', () => {
  let moto: Moto;
  let check: SecretsManagerClient;
  beforeAll(async () => {
    moto = await startMoto();
    check = testClient(moto.url);
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp(); // once: the helper's git config lives among the temp dirs
  });
  beforeEach(async () => {
    await moto.reset();
  });

  it('migrates, then a repeated run makes no API write and changes no file', async () => {
    const f = legacyRepo();
    const r1 = await migrateInProcess(f.repo.dir, { endpoint: moto.url });
    expect(r1.report!.fatal).toBeUndefined();
    const states = Object.fromEntries(r1.report!.files.map((x) => [x.path, x.state]));
    expect(states).toEqual({ '.env': 'migrated', 'app.py': 'migrated', 'config.json': 'migrated', 'config.yml': 'migrated', 'main.go': 'manual' });
    expect(read(f.repo, 'app.py')).toContain('DB = resolve_secrets(json.load(open("config.json")))\nCONF = resolve_secrets(yaml.safe_load(open("config.yml")))\n');
    assertConsistent(f, ['.env', 'config.json', 'config.yml']);
    expect(read(f.repo, 'main.go')).toBe(f.original['main.go']);
    // Values are in Secrets Manager, under general-to-specific names.
    const env = await readSecret(check, 'app/dev/env');
    expect(Object.values(env).sort()).toEqual([f.values.env, f.values.token].sort());
    expect(Object.values(await readSecret(check, 'app/dev/config-json'))).toEqual([f.values.json]);
    expect(Object.values(await readSecret(check, 'app/dev/config-yml'))).toEqual([f.values.yaml]);
    expect(Object.values(await readSecret(check, 'app/dev/main-go'))).toEqual([f.values.go]);

    // Second run: the work tree is dirty only with migrate's own edits, which the journal recognises.
    const snapshot = Object.fromEntries(Object.keys(f.original).map((p) => [p, read(f.repo, p)]));
    const journalBefore = readFileSync(r1.journal.path, 'utf8');
    let rec!: { commands: string[] };
    const r2 = await migrateInProcess(f.repo.dir, { endpoint: moto.url, hook: (c) => (rec = countRequests(c)) });
    expect(r2.dirty).toEqual([]);
    expect(r2.report!.nothingDone).toBe(true);
    expect(rec.commands.filter((c) => WRITE_COMMANDS.has(c))).toEqual([]);
    for (const p of Object.keys(f.original)) expect(read(f.repo, p)).toBe(snapshot[p]);
    expect(readFileSync(r1.journal.path, 'utf8')).toBe(journalBefore);

    // No value in the journal, tags, descriptions or the log.
    const journalText = readFileSync(r2.journal.path, 'utf8');
    const list = await check.send(new ListSecretsCommand({}));
    assertNoValues(f, [journalText, JSON.stringify(list.SecretList), ...r1.log, ...r2.log]);
    for (const s of list.SecretList ?? []) expect(s.Tags?.find((t) => t.Key === 'created-by')?.Value).toBe('leakguard');
  });

  it('a read-only file is rewritten with its mode kept, and the report says so', async () => {
    const f = legacyRepo();
    chmodSync(join(f.repo.dir, 'config.yml'), 0o444);
    const r = await migrateInProcess(f.repo.dir, { endpoint: moto.url });
    expect(r.report!.fatal).toBeUndefined();
    assertConsistent(f, ['.env', 'config.json', 'config.yml']);
    expect(statSync(join(f.repo.dir, 'config.yml')).mode & 0o777).toBe(0o444);
    expect(r.report!.notes.filter((n) => n.includes('read-only'))).toEqual([
      'config.yml was read-only (mode 0444): rewritten with its mode kept; check that nothing regenerates it with the value',
    ]);
    expect(r.log.join('\n')).toContain('config.yml was read-only');
  });

  it('a user edit after migration is still a dirty tree', async () => {
    const f = legacyRepo();
    await migrateInProcess(f.repo.dir, { endpoint: moto.url });
    f.repo.write('config.yml', read(f.repo, 'config.yml') + '# edited\n');
    f.repo.write('main.go', read(f.repo, 'main.go') + '// edited\n');
    const r = await migrateInProcess(f.repo.dir, { endpoint: moto.url });
    expect(r.dirty.sort()).toEqual(['config.yml', 'main.go']);
    expect(r.report).toBeUndefined();
  });

  it('survives the endpoint dropping mid-run: files untouched or migrated, and the next run finishes', async () => {
    const f = legacyRepo();
    let creates = 0;
    const r1 = await migrateInProcess(f.repo.dir, {
      endpoint: moto.url,
      maxAttempts: 2,
      hook: (c) =>
        c.middlewareStack.add(
          (next, ctx) => async (args) => {
            if (String(ctx.commandName) === 'CreateSecretCommand' && ++creates === 3) await moto.stop();
            return next(args);
          },
          { step: 'initialize', name: 'testStopMoto' },
        ),
    });
    expect(r1.report!.fatal?.cls).toBe('unreachable');
    const migrated = r1.report!.files.filter((x) => x.state === 'migrated' && x.path !== 'app.py').map((x) => x.path);
    expect(migrated.length).toBe(2);
    assertConsistent(f, migrated);
    assertNoValues(f, [r1.report!.fatal!.message, ...r1.log, readFileSync(r1.journal.path, 'utf8')]);

    moto = await startMoto(moto.port);
    check = testClient(moto.url);
    const r2 = await migrateInProcess(f.repo.dir, { endpoint: moto.url });
    expect(r2.dirty).toEqual([]);
    expect(r2.report!.fatal).toBeUndefined();
    expect(r2.report!.files.filter((x) => x.state === 'failed')).toEqual([]);
    assertConsistent(f, ['.env', 'config.json', 'config.yml']);
    // The files the first run did not reach were stored by the second.
    for (const p of ['.env', 'config.json', 'config.yml'].filter((p) => !migrated.includes(p))) {
      expect(r2.report!.files.find((x) => x.path === p)?.state).toBe('migrated');
    }
  });

  it('retries throttling; AccessDenied on one secret leaves that file untouched and the next run completes', async () => {
    const f = legacyRepo();
    const faults = { fired: 0 };
    const r1 = await migrateInProcess(f.repo.dir, {
      endpoint: moto.url,
      hook: (c) => {
        Object.assign(faults, injectFaults(c, [
          { command: 'CreateSecret', error: 'ThrottlingException', status: 400, times: 2 },
          { command: 'CreateSecret', secret: 'app/dev/config-json', error: 'AccessDeniedException', status: 400, times: Infinity, message: `User is not authorized (value ${f.values.json})` },
        ]));
      },
    });
    const states = Object.fromEntries(r1.report!.files.map((x) => [x.path, x.state]));
    expect(states['config.json']).toBe('failed');
    expect(states['.env']).toBe('migrated');
    expect(states['config.yml']).toBe('migrated');
    expect(r1.report!.fatal).toBeUndefined();
    assertConsistent(f, ['.env', 'config.yml']);
    const failed = r1.report!.files.find((x) => x.path === 'config.json')!;
    expect(failed.reason).toMatch(/access denied/);
    assertNoValues(f, [failed.reason!, ...r1.log]);

    const r2 = await migrateInProcess(f.repo.dir, { endpoint: moto.url });
    expect(r2.report!.files.find((x) => x.path === 'config.json')?.state).toBe('migrated');
    assertConsistent(f, ['.env', 'config.json', 'config.yml']);
  });

  it('expired credentials stop the run before any file changes', async () => {
    const f = legacyRepo();
    const r = await migrateInProcess(f.repo.dir, {
      endpoint: moto.url,
      hook: (c) => injectFaults(c, [{ command: '*', error: 'ExpiredTokenException', status: 400, times: Infinity }]),
    });
    expect(r.report!.fatal?.cls).toBe('credentials');
    assertConsistent(f, []);
  });

  it('a file whose write fails is left untouched, reported, and migrated by the next run once fixed', async () => {
    // The Python loader's path is taken by a directory, so writing the helper file fails
    // (the same path as a full disk: the atomic write throws before the target is replaced).
    const g = makeRepo();
    const secret = pw();
    g.write('settings.py', `DB_PASSWORD = "${secret}"\n`);
    g.commitAll('py');
    mkdirSync(join(g.dir, 'leakguard_secrets.py'));
    const r = await migrateInProcess(g.dir, { endpoint: moto.url, prefix: 'app2/dev' });
    const planned = r.plan.files.find((x) => x.path === 'settings.py')!;
    expect(planned.status).toBe('rewrite');
    expect(Object.keys(planned.extraFiles ?? {})).toContain('leakguard_secrets.py');
    const st = r.report!.files.find((x) => x.path === 'settings.py')!;
    expect(st.state).toBe('failed');
    expect(st.reason).toMatch(/left untouched/);
    expect(st.reason).not.toContain(secret);
    expect(readFileSync(join(g.dir, 'settings.py'), 'utf8')).toBe(`DB_PASSWORD = "${secret}"\n`);
    expect(readdirSync(g.dir).filter((n) => n.includes('.leakguard-'))).toEqual([]);
    // The value is safely stored already; after the obstacle is gone the next run finishes.
    expect(Object.values(await readSecret(check, 'app2/dev/settings-py'))).toEqual([secret]);
    rmSync(join(g.dir, 'leakguard_secrets.py'), { recursive: true });
    const r2 = await migrateInProcess(g.dir, { endpoint: moto.url, prefix: 'app2/dev' });
    expect(r2.report!.files.find((x) => x.path === 'settings.py')?.state).toBe('migrated');
    expect(readFileSync(join(g.dir, 'settings.py'), 'utf8')).not.toContain(secret);
  });
});
