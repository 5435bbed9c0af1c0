// `leakguard exec [options] -- COMMAND [ARGS...]`: start COMMAND with the secret references of the repo
// resolved into its environment. Never prints a value itself.
//
// What it reads (see src/migrate/references.ts for the syntax):
//   - the repo's .env (and each --env-file): every NAME=value line; values holding aws-sm://<secret>#<key>
//     references get the real values, plain values are passed through (without overriding variables that
//     are already set, as dotenv does);
//   - the config files migrate rewrote (tracked or unignored .yml/.yaml/.json/.ini/.cfg/.conf/.properties/.toml
//     files that hold a reference): `${VAR:-ref}` / `${VAR:ref}` / ENV.fetch('VAR', 'ref') export VAR, a bare
//     reference exports its key (e.g. DB_PASSWORD) — unless .env already names that variable.
// Every secret is fetched once (GetSecretValue) with --region/--profile/--endpoint-url or the standard
// AWS_* variables (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL). Exit code: the child's; 2 with a
// one-line error when AWS cannot be reached or a reference cannot be resolved; 127 when COMMAND is not found.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../types.js';
import { registerSecret } from '../../util/secret-registry.js';
import { workTreeFiles } from '../../util/work-tree.js';
import { findEnvBindings, findReferences, type SecretReference } from '../../migrate/references.js';
import { parseDotenv } from '../../migrate/rewrite/dotenv-parse.js';

interface ExecArgs {
  command: string[];
  region?: string;
  profile?: string;
  endpointUrl?: string;
  envFiles: string[];
  scanConfig: boolean;
  dir: string;
}

async function parseArgs(args: string[]): Promise<ExecArgs | 'help'> {
  const dd = args.indexOf('--');
  const opts = dd >= 0 ? args.slice(0, dd) : args;
  const tail = dd >= 0 ? args.slice(dd + 1) : [];
  const { default: yargs } = await import('yargs/yargs');
  const y = yargs(opts)
    .scriptName('leakguard exec')
    .usage(
      '$0 [options] -- COMMAND [ARGS...]\n\nStart COMMAND with the aws-sm://<secret>#<key> references of the repo\'s .env and of the ' +
        'config files `leakguard migrate` rewrote resolved from AWS Secrets Manager into its environment.',
    )
    .parserConfiguration({ 'halt-at-non-option': true })
    .option('region', { type: 'string', describe: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)' })
    .option('profile', { type: 'string', describe: 'AWS shared-config profile (default: the standard credential chain)' })
    .option('endpoint-url', { type: 'string', describe: 'Secrets Manager endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL)' })
    .option('env-file', { type: 'string', array: true, describe: 'read this dotenv file too (repeatable; default: <repo>/.env)' })
    .option('config', { type: 'boolean', default: true, describe: 'also export the references in config files (--no-config to skip)' })
    .option('dir', { alias: 'C', type: 'string', default: '.', describe: 'repository directory' })
    .option('debug', { type: 'boolean', default: false, hidden: true })
    .strictOptions()
    .help(false)
    .version(false)
    .option('help', { alias: 'h', type: 'boolean', describe: 'show this help' })
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UserError(err?.message ?? msg);
    });
  const argv = await y.parseAsync();
  if (argv.help) {
    process.stdout.write((await y.getHelp()) + '\n');
    return 'help';
  }
  const command = [...argv._.map(String), ...tail];
  if (!command.length) throw new UserError('exec needs a command: leakguard exec -- COMMAND [ARGS...]');
  return {
    command,
    region: argv.region,
    profile: argv.profile,
    endpointUrl: argv['endpoint-url'],
    envFiles: (argv['env-file'] ?? []).map(String),
    scanConfig: argv.config,
    dir: argv.dir,
  };
}

function repoRoot(dir: string): { root: string; git: boolean } {
  try {
    const out = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { root: out.trim(), git: true };
  } catch {
    return { root: dir, git: false };
  }
}

const CONFIG_FILE = /\.(ya?ml|json|jsonc|ini|cfg|conf|properties|toml)$/i;
const MAX_CONFIG_BYTES = 1 << 20;

/** Tracked and unignored config files (the ones holding a reference are picked by the caller). */
function configFiles(root: string): string[] {
  return workTreeFiles(root, MAX_CONFIG_BYTES, (rel) => CONFIG_FILE.test(rel)) ?? [];
}

interface Binding {
  envName: string;
  /** Text with references at [start,end) offsets to substitute (for .env values), or a single reference. */
  parts: Array<string | SecretReference>;
  /** Whether an inherited variable of the same name is replaced. */
  override: boolean;
}

function splitValue(value: string): Array<string | SecretReference> {
  const refs = findReferences(value);
  if (!refs.length) return [value];
  const parts: Array<string | SecretReference> = [];
  let cursor = 0;
  for (const r of refs) {
    if (r.start > cursor) parts.push(value.slice(cursor, r.start));
    parts.push({ secretName: r.secretName, key: r.key });
    cursor = r.end;
  }
  if (cursor < value.length) parts.push(value.slice(cursor));
  return parts;
}

function collect(root: string, a: ExecArgs): Binding[] {
  const bindings = new Map<string, Binding>();
  const envFiles = a.envFiles.length ? a.envFiles.map((f) => resolve(a.dir, f)) : [join(root, '.env')];
  for (const file of envFiles) {
    if (!existsSync(file)) {
      if (a.envFiles.length) throw new UserError(`env file not found: ${file}`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UserError(`cannot read ${file}`);
    }
    for (const e of parseDotenv(text).entries) {
      const parts = splitValue(e.value);
      bindings.set(e.name, { envName: e.name, parts, override: parts.some((p) => typeof p !== 'string') });
    }
    // a value left empty because docker compose reads this file: its reference is on the comment line above
    for (const b of findEnvBindings(text)) {
      if (!text.startsWith('# leakguard:', b.start)) continue;
      const cur = bindings.get(b.envName);
      if (cur && cur.parts.some((p) => typeof p !== 'string' || p !== '')) continue;
      bindings.set(b.envName, { envName: b.envName, parts: [{ secretName: b.secretName, key: b.key }], override: true });
    }
  }
  if (a.scanConfig) {
    for (const rel of configFiles(root)) {
      let text: string;
      try {
        text = readFileSync(join(root, rel), 'utf8');
      } catch {
        continue;
      }
      if (!text.includes('aws-sm://')) continue;
      for (const b of findEnvBindings(text)) {
        if (bindings.has(b.envName)) continue;
        bindings.set(b.envName, { envName: b.envName, parts: [{ secretName: b.secretName, key: b.key }], override: true });
      }
    }
  }
  return [...bindings.values()];
}

async function resolveSecrets(names: string[], a: ExecArgs): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!names.length) return out;
  const { createClient } = await import('../../migrate/store/client.js');
  const { describeAwsError, makeSanitizer } = await import('../../migrate/store/errors.js');
  const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const info = await createClient({ region: a.region, profile: a.profile, endpointUrl: a.endpointUrl, maxAttempts: 3 });
  try {
    await Promise.all(
      names.map(async (name) => {
        try {
          const res = await info.client.send(new GetSecretValueCommand({ SecretId: name }));
          const s = typeof res.SecretString === 'string' ? res.SecretString : Buffer.from(res.SecretBinary ?? []).toString('utf8');
          registerSecret(s);
          out.set(name, s);
        } catch (err) {
          const e = describeAwsError(err, makeSanitizer([...out.values()]), info.endpoint);
          const what = (err as { name?: string })?.name === 'ResourceNotFoundException' ? `secret "${name}" not found` : e.message;
          throw new UserError(`cannot resolve secret "${name}": ${what}`);
        }
      }),
    );
  } finally {
    info.client.destroy();
  }
  return out;
}

function pick(raw: Map<string, string>, ref: SecretReference): string {
  const s = raw.get(ref.secretName)!;
  let data: unknown;
  try {
    data = JSON.parse(s);
  } catch {
    throw new UserError(`secret "${ref.secretName}" is not a JSON object`);
  }
  if (!data || typeof data !== 'object' || !(ref.key in data)) throw new UserError(`secret "${ref.secretName}" has no key "${ref.key}"`);
  const v = (data as Record<string, unknown>)[ref.key];
  const str = typeof v === 'string' ? v : JSON.stringify(v);
  registerSecret(str);
  return str;
}

export async function run(args: string[]): Promise<number> {
  const a = await parseArgs(args);
  if (a === 'help') return 0;
  const dir = resolve(a.dir);
  if (!existsSync(dir)) throw new UserError(`no such directory: ${a.dir}`);
  const { root } = repoRoot(dir);
  const bindings = collect(root, a);
  const names = new Set<string>();
  for (const b of bindings) for (const p of b.parts) if (typeof p !== 'string') names.add(p.secretName);
  const raw = await resolveSecrets([...names].sort(), a);

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const b of bindings) {
    if (!b.override && env[b.envName] !== undefined) continue;
    env[b.envName] = b.parts.map((p) => (typeof p === 'string' ? p : pick(raw, p))).join('');
  }

  const [cmd, ...rest] = a.command;
  return new Promise<number>((resolvePromise, reject) => {
    const child = spawn(cmd!, rest, { stdio: 'inherit', env });
    const forward = (sig: NodeJS.Signals) => () => {
      if (child.exitCode === null) child.kill(sig);
    };
    const handlers: Array<[NodeJS.Signals, () => void]> = (['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]).map((s) => [s, forward(s)]);
    for (const [s, h] of handlers) process.on(s, h);
    const done = () => {
      for (const [s, h] of handlers) process.off(s, h);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      done();
      if (err.code === 'ENOENT') {
        process.stderr.write(`leakguard: command not found: ${cmd}\n`);
        resolvePromise(127);
      } else if (err.code === 'EACCES') {
        process.stderr.write(`leakguard: permission denied: ${cmd}\n`);
        resolvePromise(126);
      } else reject(new UserError(`cannot start ${cmd}: ${err.code ?? err.message}`));
    });
    child.on('exit', (code, signal) => {
      done();
      if (signal) {
        const n = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
        resolvePromise(128 + n);
      } else resolvePromise(code ?? 1);
    });
  });
}
