// `leakguard uninstall [--pre-commit] [--pre-push] [--pre-receive] [--dir DIR]`: remove only what
// `leakguard install` added, restoring a hook it had chained.
import { relative, resolve } from 'node:path';
import { UserError } from '../../types.js';
import { cliBehaviour } from '../yargs-behaviour.js';
import type { HookName } from '../../hooks/script.js';

async function parseArgs(args: string[]): Promise<{ hooks: HookName[]; dir: string; quiet: boolean } | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  const y = cliBehaviour(
    yargs(args)
    .scriptName('leakguard uninstall')
    .usage('$0 [options]\n\nRemove the hook code `leakguard install` added (all hooks by default), and restore a hook it chained.')
    .option('pre-commit', { type: 'boolean', default: false, describe: 'only the pre-commit hook' })
    .option('pre-push', { type: 'boolean', default: false, describe: 'only the pre-push hook' })
    .option('pre-receive', { type: 'boolean', default: false, describe: 'only the pre-receive hook' })
    .option('dir', { alias: 'C', type: 'string', default: '.', describe: 'repository to uninstall from' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
    .strict(),
  );
  const argv = await y.parseAsync();
  if (argv.help) return 'help';
  if (argv._.length) throw new UserError(`unexpected argument '${String(argv._[0])}'`);
  const hooks: HookName[] = [];
  if (argv['pre-commit']) hooks.push('pre-commit');
  if (argv['pre-push']) hooks.push('pre-push');
  if (argv['pre-receive']) hooks.push('pre-receive');
  return { hooks, dir: argv.dir, quiet: argv.quiet };
}

const SAY: Record<string, string> = {
  removed: 'removed the leakguard block',
  deleted: 'removed the hook leakguard had created',
  restored: 'removed; the previous hook is back in place',
};

export async function run(args: string[]): Promise<number> {
  const a = await parseArgs(args);
  if (a === 'help') return 0;
  const { uninstallHooks } = await import('../../hooks/install.js');
  const res = await uninstallHooks({ cwd: resolve(a.dir), hooks: a.hooks });
  if (!a.quiet) {
    const rel = (p: string) => relative(process.cwd(), p) || p;
    const done = res.hooks.filter((h) => h.action !== 'absent');
    for (const h of done) process.stdout.write(`leakguard: ${h.hook}: ${SAY[h.action]} — ${rel(h.file)}\n`);
    if (!done.length) process.stdout.write('leakguard: no leakguard hooks found; nothing to remove\n');
  }
  return 0;
}
