// `leakguard init`: writes a starter `.leakguard.toml` at the repository root (never over an existing
// config, leakguard's or gitleaks') and installs the git hooks through `leakguard install`.
import { existsSync, linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UserError } from '../../types.js';
import { cliBehaviour } from '../yargs-behaviour.js';
import { findConfig } from '../../config/load.js';
import { repoRoot } from '../../util/git.js';
import { VERSION } from '../../version.js';

interface InitArgs {
  dir: string;
  hooks: boolean;
  quiet: boolean;
}

async function parseArgs(args: string[]): Promise<InitArgs | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  const y = cliBehaviour(
    yargs(args)
    .scriptName('leakguard init')
    .usage(
      '$0 [options]\n\n' +
        'Write a starter .leakguard.toml at the repository root (with a #:schema line so editors complete it, and ' +
        'commented examples: an extra rule, a disabled rule, allowlist globs) unless a config already exists, ' +
        'then install the pre-commit and pre-push hooks (`leakguard install`).',
    )
    .option('dir', { alias: 'C', type: 'string', default: '.', describe: 'repository to set up' })
    .option('hooks', { type: 'boolean', default: true, describe: 'install the git hooks (--no-hooks: only write the config)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
    .strict(),
  );
  const argv = await y.parseAsync();
  if (argv.help) return 'help';
  if (argv._.length) throw new UserError(`unexpected argument '${String(argv._[0])}'`);
  return { dir: argv.dir, hooks: argv.hooks, quiet: argv.quiet };
}

/** Where the `#:schema` directive points: the installed package's copy when there is one, else the published file. */
export function schemaRef(root: string): string {
  const local = join(root, 'node_modules', 'leakguard', 'schema', 'leakguard.schema.json');
  if (existsSync(local)) return './' + relative(root, local).split('\\').join('/');
  return `https://unpkg.com/leakguard@${VERSION}/schema/leakguard.schema.json`;
}

export function starterConfig(schema: string): string {
  return `#:schema ${schema}
# leakguard configuration. This file extends the built-in rules (rules/*.toml in the leakguard
# package); see the README, "Configuration". Regexes are JavaScript syntax, except that a rule
# copied from a gitleaks config (Go syntax such as (?i) mid-pattern or (?P<name>...)) is translated.

# Built-in rules to turn off, by id (\`leakguard scan --format json\` shows the ids):
# disabledRules = ["generic-secret-assignment"]

# [scan]
# maxFileSize = 10485760   # bytes; larger files are skipped and counted in the summary

# Paths never reported (picomatch globs), e.g. test fixtures and vendored code:
# [[allowlists]]
# description = "fixtures and vendored code"
# globs = ["test/fixtures/**", "vendor/**"]

# Values never reported (regexes matched against the secret):
# [[allowlists]]
# description = "well-known dummy values"
# regexes = ['''^dummy-''']

# An extra rule for an in-house token format. The capture group named "secret" is the value.
# [[rules]]
# id = "acme-api-token"
# description = "ACME internal API token"
# kind = "api-key"
# regex = '''\\b(?<secret>acme_[a-z0-9]{32})\\b'''
# keywords = ["acme_"]
# entropy = 3.0
`;
}

/** Create `file` with `text` only if it does not exist (no overwrite, no half-written file). */
function writeNew(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    try {
      linkSync(tmp, file); // atomic, and fails with EEXIST instead of replacing
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      unlinkSync(tmp);
    }
    return true;
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const a = await parseArgs(args);
  if (a === 'help') return 0;
  const dir = resolve(a.dir);
  if (!existsSync(dir)) throw new UserError(`${a.dir}: no such directory`);
  const root = await repoRoot(dir);
  if (!root && a.hooks) throw new UserError(`${a.dir}: not a git repository (run \`git init\` first, or use --no-hooks)`);
  const base = root ?? dir;
  const say = (s: string) => {
    if (!a.quiet) process.stdout.write(s + '\n');
  };
  const existing = findConfig(base);
  if (existing) say(`leakguard: kept the existing config ${relative(process.cwd(), existing) || existing}`);
  else {
    const file = join(base, '.leakguard.toml');
    if (writeNew(file, starterConfig(schemaRef(base)))) say(`leakguard: wrote ${relative(process.cwd(), file) || file}`);
    else say(`leakguard: kept the existing config ${file}`);
  }
  if (!a.hooks) return 0;
  const install = await import('./install.js');
  return install.run(['--dir', base, ...(a.quiet ? ['--quiet'] : [])]);
}
