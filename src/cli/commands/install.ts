// `leakguard install [--pre-commit] [--pre-push] [--pre-receive] [--dir DIR]`: install the git hooks.
import { relative, resolve } from 'node:path';
import { UserError } from '../../types.js';
import { cliBehaviour } from '../yargs-behaviour.js';
import type { HookName } from '../../hooks/script.js';

interface InstallArgs {
  hooks: HookName[];
  dir: string;
  bin?: string;
  quiet: boolean;
}

async function parseArgs(args: string[]): Promise<InstallArgs | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  const y = cliBehaviour(
    yargs(args)
    .scriptName('leakguard install')
    .usage(
      '$0 [options]\n\n' +
        'Install git hooks that scan for secrets: pre-commit (`leakguard scan --staged`) and pre-push ' +
        '(`leakguard scan --pre-push`) by default; --pre-receive in a bare (server) repository. ' +
        'With husky (.husky/, or core.hooksPath set to it) the check is added to .husky/<hook>; otherwise the ' +
        'hooks go where git looks (core.hooksPath or .git/hooks). An existing hook is kept and chained, never ' +
        'overwritten; installing twice changes nothing; `leakguard uninstall` removes only what this added.\n\n' +
        'The hooks fail closed: if leakguard cannot run, the commit or push is refused. Bypass knowingly with ' +
        '`git commit --no-verify` / `git push --no-verify`, or LEAKGUARD_SKIP=1.',
    )
    .option('pre-commit', { type: 'boolean', default: false, describe: 'install the pre-commit hook' })
    .option('pre-push', { type: 'boolean', default: false, describe: 'install the pre-push hook' })
    .option('pre-receive', { type: 'boolean', default: false, describe: 'install the server-side pre-receive hook (bare repository)' })
    .option('dir', { alias: 'C', type: 'string', default: '.', describe: 'repository to install into' })
    .option('bin', { type: 'string', describe: 'leakguard bin script the hooks in .git/hooks run (default: this one); committed hook files (husky, core.hooksPath in the work tree) record no path and find leakguard when they run' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
    .example('$0', 'pre-commit and pre-push hooks in the current repository')
    .example('$0 --pre-receive -C /srv/git/app.git', 'server-side hook in a bare repository')
    .strict(),
  );
  const argv = await y.parseAsync();
  if (argv.help) return 'help';
  if (argv._.length) throw new UserError(`unexpected argument '${String(argv._[0])}'`);
  const hooks: HookName[] = [];
  if (argv['pre-commit']) hooks.push('pre-commit');
  if (argv['pre-push']) hooks.push('pre-push');
  if (argv['pre-receive']) hooks.push('pre-receive');
  return { hooks, dir: argv.dir, bin: argv.bin ? resolve(argv.bin) : undefined, quiet: argv.quiet };
}

const SAY: Record<string, string> = {
  created: 'installed',
  inserted: 'added leakguard to the existing hook',
  chained: 'installed; the existing hook is kept and runs first',
  updated: 'updated',
  unchanged: 'already installed',
};

export async function run(args: string[]): Promise<number> {
  const a = await parseArgs(args);
  if (a === 'help') return 0;
  const { installHooks } = await import('../../hooks/install.js');
  const res = await installHooks({ cwd: resolve(a.dir), hooks: a.hooks, bin: a.bin });
  if (!a.quiet) {
    const rel = (p: string) => relative(process.cwd(), p) || p;
    for (const h of res.hooks) {
      const extra = h.chained ? ` (previous hook: ${rel(h.chained)})` : '';
      process.stdout.write(`leakguard: ${h.hook}: ${SAY[h.action]} — ${rel(h.file)}${extra}\n`);
    }
    if (res.location.mode === 'husky') {
      process.stdout.write('leakguard: husky detected: the check was added to the husky hook files\n');
    }
  }
  return 0;
}
