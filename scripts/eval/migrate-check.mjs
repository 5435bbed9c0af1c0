// The migrate check of issue 3 ("What will be checked on what lands") on a generated legacy repo:
// moto on a free port, AWS_ENDPOINT_URL_SECRETS_MANAGER set, then
//   leakguard migrate --apply --yes --endpoint-url URL --region us-east-1   exits 0
//   no finding remains in .py/.env/.ts/.js/.json/.yml/.yaml/.properties files; every file still holding one is named
//   every value from those files is stored in Secrets Manager
//   the Django settings.py imported under Python returns the original database password
//   leakguard exec -- printenv DB_PASSWORD prints the original
//   the migrated .js files pass node --check
//   a second identical run exits 0 and changes no file
//   no value appears in what migrate printed
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { generateLegacyRepo, mask } from './legacy-repo.mjs';

const TARGET = /(^|\/)(\.env[^/]*|[^/]*\.(py|ts|js|json|ya?ml|properties))$/;

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startMoto() {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (r.status < 500) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('moto_server did not start');
}

function snapshot(dir, rel = '', out = {}) {
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (e.name === '.git') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) snapshot(dir, p, out);
    else if (e.isFile()) out[p] = createHash('sha256').update(readFileSync(join(dir, p))).digest('hex');
  }
  return out;
}

function diffSnap(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).sort();
}

async function storedValues(url) {
  // The SDK warns about Node 20 support dates on import; that notice is not leakguard's output.
  const emit = process.emitWarning;
  process.emitWarning = (w, ...rest) => (String(w?.message ?? w).includes('node >=22') || rest[0] === 'NodeVersionSupportWarning' ? undefined : emit.call(process, w, ...rest));
  const { SecretsManagerClient, ListSecretsCommand, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const c = new SecretsManagerClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const names = [];
  let token;
  do {
    const r = await c.send(new ListSecretsCommand({ NextToken: token, MaxResults: 100 }));
    for (const s of r.SecretList ?? []) names.push(s.Name);
    token = r.NextToken;
  } while (token);
  const values = [];
  for (const n of names) {
    const r = await c.send(new GetSecretValueCommand({ SecretId: n }));
    const s = r.SecretString ?? '';
    values.push(s);
    try {
      const o = JSON.parse(s);
      if (o && typeof o === 'object') for (const v of Object.values(o)) if (typeof v === 'string') values.push(v);
    } catch {
      /* plain string secret */
    }
  }
  return { names, values };
}

export async function migrateCheck(seed, { cli, keep = false, log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `lg-migrate-${seed}-`));
  const truth = generateLegacyRepo(join(dir, 'acme-shop'), seed);
  const repo = truth.dir;
  const moto = await startMoto();
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    CI: '',
  };
  const lg = (args) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
    return { code: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
  };
  const checks = [];
  const check = (name, ok, detail = '') => {
    checks.push({ name, ok, detail });
    log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `\n        ${detail.split('\n').join('\n        ')}` : ''}`);
  };
  log('');
  log(`== migrate check, seed ${seed} (repo ${repo}, moto ${moto.url})`);
  try {
    const before = snapshot(repo);
    const applyArgs = ['migrate', '--apply', '--yes', '--endpoint-url', moto.url, '--region', 'us-east-1'];
    const first = lg(applyArgs);
    check('migrate --apply exits 0', first.code === 0, first.code === 0 ? '' : `exit ${first.code}: ${first.out.trim().split('\n').slice(-5).join(' | ')}`);
    const afterFirst = snapshot(repo);
    const changed = diffSnap(before, afterFirst);
    log(`        files changed or created: ${changed.length} (${changed.join(', ')})`);

    // Planted values left in target files (independent of the scanner).
    const left = [];
    for (const t of truth.tree) {
      if (!TARGET.test(t.path)) continue;
      let content = '';
      try {
        content = readFileSync(join(repo, t.path), 'utf8');
      } catch {
        continue;
      }
      for (const v of t.values) if (content.includes(v)) left.push({ path: t.path, kind: t.kinds[0], text: t.text, value: v });
    }
    const named = (p) => first.out.includes(p) || first.out.includes(basename(p));
    const scan = lg(['scan', '--format', 'json', '.']);
    let findings = [];
    try {
      findings = JSON.parse(scan.out.slice(scan.out.indexOf('{'))).findings ?? [];
    } catch {
      check('scan after migrate gives JSON', false, scan.out.slice(0, 300));
    }
    const inTarget = findings.filter((f) => TARGET.test(f.path));
    const notNamed = inTarget.filter((f) => !named(f.path));
    check(
      'no finding remains in .py/.env/.ts/.js/.json/.yml/.yaml/.properties files',
      inTarget.length === 0,
      inTarget.map((f) => `${f.path}:${f.line} ${f.ruleId}${named(f.path) ? ' (file named in migrate output)' : ' (NOT named in migrate output)'}  ${String(f.lineText ?? '').trim()}`).join('\n'),
    );
    check(
      'planted values no longer in those files (file contents, not the scanner)',
      left.length === 0,
      left.map((l) => `${l.path} [${l.kind}] ${l.text.split(l.value).join(mask(l.value)).trim()}${named(l.path) ? ' (named)' : ' (NOT named)'}`).join('\n'),
    );
    const otherFiles = [...new Set(findings.filter((f) => !TARGET.test(f.path)).map((f) => f.path))];
    const otherUnnamed = otherFiles.filter((p) => !named(p));
    check('every other file still holding a finding is named in migrate output', otherUnnamed.length === 0 && notNamed.length === 0, [...otherUnnamed, ...notNamed.map((f) => f.path)].join(', '));

    // Stored values.
    const stored = await storedValues(moto.url);
    const need = truth.tree.filter((t) => TARGET.test(t.path)).flatMap((t) => t.values.map((v) => ({ path: t.path, kind: t.kinds[0], v, text: t.text })));
    const missing = need.filter((n) => !stored.values.some((s) => s === n.v || s.includes(n.v)));
    const onlyInside = need.filter((n) => !stored.values.includes(n.v) && stored.values.some((s) => s.includes(n.v)));
    check(
      `every value from those files is stored (${need.length - missing.length}/${need.length}; ${stored.names.length} secrets)`,
      missing.length === 0,
      missing.map((m) => `${m.path} [${m.kind}] ${m.text.split(m.v).join(mask(m.v)).trim()}`).join('\n'),
    );
    if (onlyInside.length) log(`        note: ${onlyInside.length} value(s) stored only as part of a larger value (e.g. a whole URL): ${onlyInside.map((o) => o.path).join(', ')}`);

    // Django settings under Python.
    const dj = truth.tree.find((t) => t.path === 'shop/settings.py' && t.text.includes('"PASSWORD"'));
    const py = spawnSync('python3', ['-c', 'import shop.settings as s; print(s.DATABASES["default"]["PASSWORD"])'], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    const pyOut = (py.stdout ?? '').trim();
    check(
      'Django shop/settings.py imported under Python returns the original DB password',
      py.status === 0 && pyOut === dj.values[0],
      py.status === 0 ? (pyOut === dj.values[0] ? '' : `got a different value (${mask(pyOut)})`) : `python exit ${py.status}: ${(py.stderr ?? '').trim().split('\n').slice(-3).join(' | ').split(dj.values[0]).join('***')}`,
    );

    // exec.
    const envLine = truth.tree.find((t) => t.path === '.env' && t.text.startsWith('DB_PASSWORD='));
    const ex = lg(['exec', '--', 'printenv', 'DB_PASSWORD']);
    check(
      'leakguard exec -- printenv DB_PASSWORD prints the original',
      ex.code === 0 && ex.out.trim() === envLine.values[0],
      ex.code === 0 && ex.out.trim() === envLine.values[0] ? '' : `exit ${ex.code}; output ${ex.out.includes(envLine.values[0]) ? 'holds the value plus other text' : mask(ex.out.trim())}`,
    );

    // node --check on every .js.
    const jsFiles = Object.keys(afterFirst).filter((p) => p.endsWith('.js') || p.endsWith('.cjs') || p.endsWith('.mjs'));
    const jsBad = [];
    for (const p of jsFiles) {
      const r = spawnSync(process.execPath, ['--check', join(repo, p)], { encoding: 'utf8' });
      if (r.status !== 0) jsBad.push(`${p}: ${(r.stderr ?? '').trim().split('\n').slice(0, 4).join(' | ')}`);
    }
    check(`migrated .js files pass node --check (${jsFiles.length} files)`, jsBad.length === 0, jsBad.join('\n'));

    // Second identical run.
    const second = lg(applyArgs);
    const afterSecond = snapshot(repo);
    const changed2 = diffSnap(afterFirst, afterSecond);
    check('second identical run exits 0', second.code === 0, second.code === 0 ? '' : `exit ${second.code}: ${second.out.trim().split('\n').slice(-3).join(' | ')}`);
    check('second identical run changes no file', changed2.length === 0, changed2.join(', '));

    // Nothing printed holds a value.
    const printed = first.out + second.out + ex.out.replace(envLine.values[0], '');
    const leaked = truth.values.filter((v) => v.length >= 6 && printed.includes(v));
    check('no value appears in what migrate printed', leaked.length === 0, leaked.map(mask).join(', '));
  } finally {
    moto.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  return { seed, checks, passed: checks.every((c) => c.ok) };
}
