// `leakguard <command>`: dispatches to src/cli/commands/<command>.ts, importing only that module,
// so the pre-commit path (`scan --staged`) loads no migrate, AWS or install code. The scan command
// (and what `scan --staged` needs) is imported statically: the bundle puts it in dist/cli.cjs, so
// the pre-commit path reads one file instead of a dozen chunks.
import { UserError } from '../types.js';
import { scrub } from '../util/secret-registry.js';
import { VERSION } from '../version.js';
import * as scanCommand from './commands/scan.js';

type CommandModule = { run(args: string[]): Promise<number> };

const commands: Record<string, { describe: string; load: () => Promise<CommandModule> }> = {
  // `scan` is the hot path (every commit): bundled into main.js itself, one file to load.
  scan: { describe: 'scan files, staged changes, pushes, history or stdin for secrets', load: async () => scanCommand },
  baseline: { describe: "record today's findings so later scans report only new ones", load: () => import('./commands/baseline.js') },
  install: { describe: 'install the git hooks (pre-commit, pre-push, pre-receive)', load: () => import('./commands/install.js') },
  uninstall: { describe: 'remove the hooks leakguard installed', load: () => import('./commands/uninstall.js') },
  migrate: { describe: 'move found secrets into AWS Secrets Manager and rewrite the code to load them', load: () => import('./commands/migrate.js') },
  exec: { describe: "run a command with the repo's secret references resolved into its environment", load: () => import('./commands/exec.js') },
  init: { describe: 'write a starter config and install the hooks', load: () => import('./commands/init.js') },
};

function usage(): string {
  const lines = ['Usage: leakguard <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  leakguard ${name.padEnd(10)} ${c.describe}`);
  lines.push('', 'Run `leakguard <command> --help` for the options of a command.', 'Exit codes: 0 no findings, 1 findings, 2 error.');
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(usage());
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands[cmd];
  if (!entry) throw new UserError(`unknown command '${cmd}' (try \`leakguard --help\`)`);
  const mod = await entry.load();
  return mod.run(rest);
}

// The AWS SDK is pinned to a release that supports Node 20 (see package.json); its notice that later
// releases will need Node 22 is for SDK users upgrading, not for leakguard's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const debug = process.argv.includes('--debug') || process.env.LEAKGUARD_DEBUG === '1';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Done: leave now rather than when the event loop has wound down (child processes' pipes
    // closing, sockets of the AWS SDK's keep-alive agent), which cost the pre-commit hook several
    // milliseconds. On Linux and macOS stdout and stderr writes to files, pipes and terminals are
    // synchronous, so nothing written is lost; elsewhere, wait for them to drain.
    const flushed = process.stdout.writableLength === 0 && process.stderr.writableLength === 0;
    if (flushed && process.platform !== 'win32') process.exit(code);
  },
  (err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    const oneLine = scrub(e.message).split('\n')[0];
    // By name too: a command in another bundle file throws its own copy of the class.
    if (e instanceof UserError || e.name === 'UserError') process.stderr.write(`leakguard: ${oneLine}\n`);
    else process.stderr.write(`leakguard: internal error: ${oneLine}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && e.stack) process.stderr.write(scrub(e.stack) + '\n');
    process.exitCode = 2;
  },
);
