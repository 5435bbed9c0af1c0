// Options of `leakguard scan`. yargs is loaded only here (and only its core, not the full help machinery).
import { UserError } from '../../types.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github';
export const FORMATS: ReportFormat[] = ['text', 'json', 'sarif', 'junit', 'github'];

export interface ScanArgs {
  paths: string[];
  staged: boolean;
  prePush: boolean;
  preReceive: boolean;
  history: boolean;
  all: boolean;
  range?: string;
  since?: string;
  stdin: boolean;
  stdinName: string;
  config?: string;
  baseline?: string;
  ignoreFile?: string;
  format: ReportFormat;
  output?: string;
  redact: boolean;
  color: boolean;
  progress: boolean;
  maxFileSize?: number;
  exclude: string[];
  gitignore: boolean;
  verify: boolean;
  onlyVerified: boolean;
  quiet: boolean;
}

/** Parses "10MB", "512k", "1048576" into bytes. */
export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(v.trim());
  if (!m) throw new UserError(`invalid size '${v}' (use e.g. 500k, 10M)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(parseFloat(m[1]) * mult);
}

export async function parseScanArgs(args: string[]): Promise<ScanArgs | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  let helped = false;
  const y = yargs(args)
    .scriptName('leakguard scan')
    .usage('$0 [PATH...] [options]\n\nScan files and directories (default .), staged changes, a push, history or stdin for secrets.')
    .option('staged', { type: 'boolean', default: false, describe: 'scan the added lines of the staged diff (pre-commit)' })
    .option('pre-push', { type: 'boolean', default: false, describe: "scan commits the remote lacks, reading git's pre-push stdin; positionals: REMOTE [URL]" })
    .option('pre-receive', { type: 'boolean', default: false, describe: 'scan pushed commits in a server-side pre-receive hook (stdin: <old> <new> <ref>)' })
    .option('history', { type: 'boolean', default: false, describe: 'scan every commit reachable from HEAD' })
    .option('all', { type: 'boolean', default: false, describe: 'with --history: every ref, not only HEAD' })
    .option('range', { type: 'string', describe: 'with --history: a commit range, e.g. origin/main..HEAD' })
    .option('since', { type: 'string', describe: 'with --history: only commits after DATE' })
    .option('stdin', { type: 'boolean', default: false, describe: 'scan standard input' })
    .option('stdin-name', { type: 'string', default: 'stdin', describe: 'file name to report (and match path rules) for --stdin' })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: .leakguard.toml or .gitleaks.toml at the repo root)' })
    .option('baseline', { type: 'string', describe: 'report only findings not in this baseline file' })
    .option('ignore-file', { type: 'string', describe: 'file of fingerprints to suppress (default: .leakguardignore and .gitleaksignore at the repo root)' })
    .option('format', { alias: 'f', choices: FORMATS, default: 'text' as ReportFormat, describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE' })
    .option('redact', { type: 'boolean', default: true, describe: 'redact secret values (--no-redact prints them)' })
    .option('color', { type: 'boolean', default: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, describe: 'colour the text report' })
    .option('progress', { type: 'boolean', default: Boolean(process.stderr.isTTY), describe: 'progress on stderr (TTY only by default)' })
    .option('max-file-size', { type: 'string', describe: 'skip files larger than this (default 10M)' })
    .option('exclude', { type: 'string', array: true, default: [] as string[], describe: 'glob of paths not to scan (repeatable)' })
    .option('gitignore', { type: 'boolean', default: true, describe: 'in a git work tree, skip files git ignores (--no-gitignore to scan them)' })
    .option('verify', { type: 'boolean', default: false, describe: 'check found AWS key pairs with STS GetCallerIdentity (network calls)' })
    .option('only-verified', { type: 'boolean', default: false, describe: 'with --verify: report only verified findings' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no status line on stderr' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
    .strictOptions()
    .help('help')
    .alias('help', 'h')
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UserError(msg || err?.message || 'invalid arguments');
    });
  y.showHelpOnFail(false);
  const argv = await y.parseAsync();
  if (argv.help) helped = true;
  if (helped) return 'help';
  const modes = [argv.staged, argv['pre-push'], argv['pre-receive'], argv.history, argv.stdin].filter(Boolean).length;
  if (modes > 1) throw new UserError('choose one of --staged, --pre-push, --pre-receive, --history, --stdin');
  if ((argv.all || argv.range || argv.since) && !argv.history) throw new UserError('--all, --range and --since go with --history');
  if (argv['only-verified'] && !argv.verify) throw new UserError('--only-verified needs --verify');
  return {
    paths: argv._.map(String),
    staged: argv.staged,
    prePush: argv['pre-push'],
    preReceive: argv['pre-receive'],
    history: argv.history,
    all: argv.all,
    range: argv.range,
    since: argv.since,
    stdin: argv.stdin,
    stdinName: argv['stdin-name'],
    config: argv.config,
    baseline: argv.baseline,
    ignoreFile: argv['ignore-file'],
    format: argv.format,
    output: argv.output,
    redact: argv.redact,
    color: argv.color,
    progress: argv.progress,
    maxFileSize: argv['max-file-size'] !== undefined ? parseSize(argv['max-file-size']) : undefined,
    exclude: argv.exclude,
    gitignore: argv.gitignore,
    verify: argv.verify,
    onlyVerified: argv['only-verified'],
    quiet: argv.quiet,
  };
}
