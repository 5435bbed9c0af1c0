// Generates a realistic legacy repo (a real git repo, ~16 commits) with AWS keys and passwords planted in
// about twenty file formats beside look-alikes, and records the ground truth as it goes:
//   tree:      every (file, line) at HEAD holding a planted value, with kinds and the commit that introduced it
//   history:   every introduction event (commit, path at that commit, line at that commit, kind, value)
//   negatives: labelled look-alike lines at HEAD (for naming false-positive classes)
//   ambiguous: lines a reviewer could call either way (not scored)
//   values:    every value ever planted (for the redaction check)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Values, DOC_EXAMPLE_KEY_ID } from './values.mjs';
import { buildFiles, plantValues, djangoSettings, L, S, N } from './files.mjs';

function git(cwd, args, env = {}) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

const text = (line) => (typeof line === 'string' ? line : line.t);

/** The commit plan: each step names files to add (from `all`), edits, deletes and renames. */
function plan(v, p, all) {
  const pick = (...prefixes) =>
    Object.keys(all).filter((k) => prefixes.some((pre) => (pre.endsWith('/') ? k.startsWith(pre) : k === pre)));
  const oldSettings = djangoSettings(v, { ...p, djangoDb: p.djangoDbOld });
  const webConfigFirst = all['web/config.js'];
  const webConfigLater = webConfigFirst.filter((l) => !(typeof l !== 'string' && l.t.includes('reportingUrl')));
  const tmpCreds = [
    '# temporary: until the instance role works',
    'import boto3',
    '',
    L`session = boto3.Session(aws_access_key_id="${S('aws-key-id', p.tmpId)}",`,
    L`                        aws_secret_access_key="${S('aws-secret', p.tmpSecret)}")`,
  ];
  const envProd = [
    'DB_HOST=prod-db.internal',
    L`DB_PASSWORD=${S('password', p.envprodDb)}`,
    L`AWS_ACCESS_KEY_ID=${S('aws-key-id', p.envprodId)}`,
    L`AWS_SECRET_ACCESS_KEY=${S('aws-secret', p.envprodSecret)}`,
  ];
  const blogConfigLater = ['"""Configuration for the blog API (see README)."""', '', ...all['blog_api/config.py']];
  const only = (keys) => Object.fromEntries(keys.map((k) => [k, all[k]]));
  return [
    { msg: 'Initial import of the shop', add: { ...only(pick('README.md', '.env.example', 'package.json', 'package-lock.json', 'CHANGELOG.md', 'manage.py', 'shop/__init__.py')), 'shop/settings.py': oldSettings } },
    { msg: 'Auth helpers, migrations, DB URLs, tests', add: only(pick('shop/auth.py', 'shop/migrations/', 'shop/db_urls.py', 'tests/')) },
    { msg: 'Blog API (Flask) and S3 sync script', add: only(pick('blog_api/', 'scripts/s3_sync.py')) },
    { msg: 'Node web tier', add: { ...only(pick('web/server.js', 'web/public/')), 'web/config.js': webConfigFirst } },
    { msg: 'TypeScript config, login form, translations', add: only(pick('web/src/')) },
    { msg: 'Billing service (Java, Spring)', add: only(pick('billing/')) },
    { msg: 'Orders service and legacy report datasources', add: only(pick('orders/', 'legacy/')) },
    { msg: 'Go worker', add: only(pick('worker/')) },
    { msg: 'WordPress blog and Laravel shop', add: only(pick('blog/', 'laravel/')) },
    { msg: 'Rails store', add: only(pick('store/')) },
    { msg: 'Acme.Api (.NET)', add: only(pick('Acme.Api/')) },
    {
      msg: 'Deploy tooling: scripts, Docker, compose, env, credentials',
      add: {
        ...only(pick('scripts/deploy.sh', 'Dockerfile', 'docker-compose.yml', '.env', 'deploy/aws/')),
        'config/settings.ini': all['config/app.ini'],
        'scripts/tmp_creds.py': tmpCreds,
        '.env.production': envProd,
      },
    },
    { msg: 'Infra: Terraform, Kubernetes, Helm chart, CI workflow', add: only(pick('infra/', 'k8s/', 'charts/', '.github/')) },
    { msg: 'Remove temporary credentials and the production env file', del: ['scripts/tmp_creds.py', '.env.production'], add: { 'web/config.js': webConfigLater } },
    {
      msg: 'Rotate the shop DB password; move config files',
      add: { 'shop/settings.py': all['shop/settings.py'], 'blog_api/config.py': blogConfigLater },
      rename: [['config/settings.ini', 'config/app.ini'], ['web/config.js', 'web/config/index.js']],
    },
    { msg: 'App config files, registry and database rc files', add: only(pick('config/secrets.json', 'config/default.json', 'config/cache.yaml', '.npmrc', 'deploy/.netrc', 'deploy/.pgpass')) },
    { msg: 'Reports DB, PHP/Ruby/C# helpers, backup script, Ansible, RDS, ConfigMap', add: only(pick('reports/', 'web/src/db.js', 'worker/internal/store/', 'blog/lib/', 'store/config/initializers/redis.rb', 'Acme.Api/Data/', 'Acme.Api/App.config', 'scripts/backup.sh', 'ansible/', 'infra/rds.tf', 'k8s/configmap.yaml', 'docker/', 'deploy/.my.cnf', 'billing/gradle.properties', 'config/aws.json', 'shop/cache_settings.py', 'docs/')) },
  ];
}

function secretsOf(lines) {
  const out = [];
  lines.forEach((l, i) => {
    if (typeof l !== 'string' && l.s) for (const s of l.s) out.push({ line: i + 1, ...s, text: l.t });
  });
  return out;
}

/**
 * Build the repo in `dir` (created; must not exist or be empty) for `seed`. Returns the ground truth.
 */
export function generateLegacyRepo(dir, seed) {
  const v = new Values(seed);
  const p = plantValues(v);
  const all = buildFiles(v, p);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Dana Legacy']);
  git(dir, ['config', 'user.email', 'dana@acme.test']);
  git(dir, ['config', 'commit.gpgsign', 'false']);

  const tree = new Map(); // path -> lines
  const history = [];
  const commits = [];
  const snapshots = new Map(); // sha -> Map(path -> lines) after that commit
  const steps = plan(v, p, all);
  steps.forEach((step, n) => {
    const prev = new Map(tree);
    const renamedFrom = new Map();
    for (const path of step.del ?? []) {
      tree.delete(path);
      rmSync(join(dir, path));
    }
    for (const [from, to] of step.rename ?? []) {
      mkdirSync(dirname(join(dir, to)), { recursive: true });
      git(dir, ['mv', from, to]);
      tree.set(to, tree.get(from));
      tree.delete(from);
      renamedFrom.set(to, from);
    }
    for (const [path, lines] of Object.entries(step.add ?? {})) {
      tree.set(path, lines);
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), lines.map(text).join('\n') + '\n');
    }
    git(dir, ['add', '-A']);
    const date = `2021-0${1 + Math.floor(n / 4)}-${String(10 + (n % 4) * 4).padStart(2, '0')}T10:${String(n).padStart(2, '0')}:00+00:00`;
    git(dir, ['commit', '-q', '-m', step.msg], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    const sha = git(dir, ['rev-parse', 'HEAD']);
    commits.push({ sha, msg: step.msg });
    snapshots.set(sha, new Map(tree));
    for (const [path, lines] of tree) {
      const before = prev.get(renamedFrom.get(path) ?? path);
      const had = new Set(before ? secretsOf(before).map((s) => s.value) : []);
      for (const s of secretsOf(lines)) if (!had.has(s.value)) history.push({ commit: sha, path, line: s.line, kind: s.kind, value: s.value, text: s.text });
    }
  });

  const introduced = new Map();
  for (const h of history) if (!introduced.has(h.value)) introduced.set(h.value, h.commit);
  const truthTree = [];
  const negatives = [];
  const ambiguous = [];
  for (const [path, lines] of tree) {
    lines.forEach((l, i) => {
      if (typeof l === 'string') return;
      if (l.s) truthTree.push({ path, line: i + 1, kinds: l.s.map((s) => s.kind), values: l.s.map((s) => s.value), text: l.t, commit: introduced.get(l.s[0].value) });
      else if (l.neg) negatives.push({ path, line: i + 1, label: l.neg, text: l.t });
      else if (l.amb) ambiguous.push({ path, line: i + 1, label: l.amb, text: l.t });
    });
  }
  const values = [...new Set(history.map((h) => h.value))];
  const files = [...tree.keys()].sort();
  /** What the model says is at (path, line) right after `sha`: a planted line, a labelled look-alike, or plain. */
  const lineAt = (sha, path, line) => {
    const l = snapshots.get(sha)?.get(path)?.[line - 1];
    if (l === undefined) return { what: 'absent' };
    if (typeof l === 'string') return { what: 'plain', text: l };
    if (l.s) return { what: 'planted', text: l.t, kinds: l.s.map((s) => s.kind), values: l.s.map((s) => s.value) };
    if (l.neg) return { what: 'negative', label: l.neg, text: l.t };
    return { what: 'ambiguous', label: l.amb, text: l.t };
  };
  return { dir, seed, commits, tree: truthTree, history, negatives, ambiguous, values, files, docExample: DOC_EXAMPLE_KEY_ID, lineAt };
}

/** Mask a value for printing: a short prefix then ****. */
export function mask(value) {
  return value.slice(0, Math.min(3, Math.floor(value.length / 4))) + '****';
}

/** A line of text with every given value masked. */
export function maskLine(line, values) {
  let out = line;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v.length >= 4) out = out.split(v).join(mask(v));
  return out;
}

export { N };
