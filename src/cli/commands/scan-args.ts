// Options of `leakguard scan`. Common invocations (hooks, CI) are parsed by a small exact parser
// (fastParse) so the pre-commit path does not load yargs; anything else (--help, errors, rare
// spellings) goes through yargs, which is loaded only then.
import { UserError, type Confidence } from '../../types.js';
import { cliBehaviour } from '../yargs-behaviour.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github';
export const FORMATS: ReportFormat[] = ['text', 'json', 'sarif', 'junit', 'github'];
export const CONFIDENCES: Confidence[] = ['low', 'medium', 'high'];

export interface ScanArgs {
  paths: string[];
  staged: boolean;
  prePush: boolean;
  preReceive: boolean;
  history: boolean;
  all: boolean;
  /** With history: every blob in the object database, reachable or not. */
  objects: boolean;
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
  /** Findings below this confidence are neither reported nor fail the scan. */
  minConfidence: Confidence;
  quiet: boolean;
}

/** Parses "10MB", "512k", "1048576" into bytes. */
export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(v.trim());
  if (!m) throw new UserError(`invalid size '${v}' (use e.g. 500k, 10M)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(parseFloat(m[1]) * mult);
}

/** Raw option values, keyed as yargs names them. */
interface RawArgs {
  _: string[];
  staged: boolean;
  'pre-push': boolean;
  'pre-receive': boolean;
  history: boolean;
  all: boolean;
  objects: boolean;
  range?: string;
  since?: string;
  stdin: boolean;
  'stdin-name': string;
  config?: string;
  baseline?: string;
  'ignore-file'?: string;
  format: ReportFormat;
  output?: string;
  redact: boolean;
  color: boolean;
  progress: boolean;
  'max-file-size'?: string;
  exclude: string[];
  gitignore: boolean;
  verify: boolean;
  'only-verified': boolean;
  'min-confidence': Confidence;
  quiet: boolean;
}

const FAST_BOOLEANS = new Set(['staged', 'pre-push', 'pre-receive', 'history', 'all', 'objects', 'stdin', 'redact', 'color', 'progress', 'gitignore', 'verify', 'only-verified', 'quiet', 'debug']);
const NEGATABLE = new Set(['redact', 'color', 'progress', 'gitignore']);
const FAST_STRINGS = new Set(['range', 'since', 'stdin-name', 'config', 'baseline', 'ignore-file', 'format', 'output', 'max-file-size', 'min-confidence']);
const SHORT: Record<string, string> = { '-q': 'quiet', '-c': 'config', '-f': 'format', '-o': 'output' };
/** Positionals yargs would turn into numbers (and back into a different string). */
const NUMBERISH = /^[-+]?(?:\d|\.\d)|^0x/i;

/**
 * Parses the plain spellings (`--staged`, `--format sarif`, `--output=x`, `-q`, `--no-color`, paths)
 * exactly as yargs would; returns undefined for anything else so yargs decides.
 */
export function fastParse(args: string[]): RawArgs | undefined {
  const raw: RawArgs = {
    _: [],
    staged: false,
    'pre-push': false,
    'pre-receive': false,
    history: false,
    all: false,
    objects: false,
    stdin: false,
    'stdin-name': 'stdin',
    format: 'text',
    redact: true,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    progress: Boolean(process.stderr.isTTY),
    exclude: [],
    gitignore: true,
    verify: false,
    'only-verified': false,
    'min-confidence': 'medium',
    quiet: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) {
      if (a === '' || NUMBERISH.test(a)) return undefined;
      raw._.push(a);
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (SHORT[a]) name = SHORT[a];
    else if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      if (eq !== -1) value = a.slice(eq + 1);
    } else return undefined;
    let negated = false;
    if (name.startsWith('no-') && NEGATABLE.has(name.slice(3))) {
      if (value !== undefined) return undefined;
      name = name.slice(3);
      negated = true;
    }
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (FAST_BOOLEANS.has(name)) {
      if (value !== undefined) return undefined;
      if (name !== 'debug') (raw as unknown as Record<string, unknown>)[name] = !negated;
      continue;
    }
    if (!FAST_STRINGS.has(name)) return undefined;
    if (value === undefined) {
      value = args[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
    }
    if (value === '') return undefined;
    if (name === 'format' && !(FORMATS as string[]).includes(value)) return undefined;
    if (name === 'min-confidence' && !(CONFIDENCES as string[]).includes(value)) return undefined;
    (raw as unknown as Record<string, unknown>)[name] = value;
  }
  return raw;
}

export async function parseScanArgs(args: string[]): Promise<ScanArgs | 'help'> {
  const fast = fastParse(args);
  return toScanArgs(fast ?? (await yargsParse(args)));
}

async function yargsParse(args: string[]): Promise<RawArgs | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  let helped = false;
  const y = cliBehaviour(
    yargs(args)
    .scriptName('leakguard scan')
    .usage('$0 [PATH...] [options]\n\nScan files and directories (default .), staged changes, a push, history or stdin for secrets.')
    .option('staged', { type: 'boolean', default: false, describe: 'scan the added lines of the staged diff (pre-commit)' })
    .option('pre-push', { type: 'boolean', default: false, describe: "scan commits the remote lacks, reading git's pre-push stdin; positionals: REMOTE [URL]" })
    .option('pre-receive', { type: 'boolean', default: false, describe: 'scan pushed commits in a server-side pre-receive hook (stdin: <old> <new> <ref>)' })
    .option('history', { type: 'boolean', default: false, describe: 'scan every commit reachable from HEAD' })
    .option('all', { type: 'boolean', default: false, describe: 'with --history: every ref, not only HEAD' })
    .option('objects', { type: 'boolean', default: false, describe: 'with --history: every blob in the object database, reachable or not (amended commits, deleted branches, dropped stashes, the reflog)' })
    .option('range', { type: 'string', describe: 'with --history: a commit range, e.g. origin/main..HEAD' })
    .option('since', { type: 'string', describe: 'with --history: only commits after DATE' })
    .option('stdin', { type: 'boolean', default: false, describe: 'scan standard input' })
    .option('stdin-name', { type: 'string', default: 'stdin', requiresArg: true, describe: 'file name to report (and match path rules) for --stdin' })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: .leakguard.toml or .gitleaks.toml at the repo root)' })
    .option('baseline', { type: 'string', describe: 'report only findings not in this baseline file' })
    .option('ignore-file', { type: 'string', describe: 'file of fingerprints to suppress (default: .leakguardignore and .gitleaksignore at the repo root)' })
    .option('format', { alias: 'f', choices: FORMATS, default: 'text' as ReportFormat, requiresArg: true, describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE' })
    .option('redact', { type: 'boolean', default: true, describe: 'redact secret values (--no-redact prints them)' })
    .option('color', { type: 'boolean', default: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, describe: 'colour the text report' })
    .option('progress', { type: 'boolean', default: Boolean(process.stderr.isTTY), describe: 'progress on stderr (TTY only by default)' })
    .option('max-file-size', { type: 'string', describe: 'skip files larger than this (default 10M)' })
    .option('exclude', { type: 'string', array: true, default: [] as string[], describe: 'glob of paths not to scan (repeatable)' })
    .option('gitignore', { type: 'boolean', default: true, describe: 'in a git work tree, skip files git ignores (--no-gitignore to scan them)' })
    .option('verify', { type: 'boolean', default: false, describe: 'check found AWS key pairs with STS GetCallerIdentity (network calls)' })
    .option('only-verified', { type: 'boolean', default: false, describe: 'with --verify: report only verified findings' })
    .option('min-confidence', { choices: CONFIDENCES, default: 'medium' as Confidence, requiresArg: true, describe: 'report (and fail on) findings of this confidence and above' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no status line on stderr' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
    .strictOptions(),
  );
  const argv = await y.parseAsync();
  if (argv.help) helped = true;
  if (helped) return 'help';
  return { ...argv, _: argv._.map(String) };
}

function toScanArgs(argv: RawArgs | 'help'): ScanArgs | 'help' {
  if (argv === 'help') return 'help';
  for (const k of ['format', 'output', 'config', 'baseline', 'ignore-file', 'range', 'since', 'stdin-name', 'max-file-size', 'min-confidence'] as const) {
    if (argv[k] === '') throw new UserError(`--${k} needs a value`);
  }
  const modes = [argv.staged, argv['pre-push'], argv['pre-receive'], argv.history, argv.stdin].filter(Boolean).length;
  if (modes > 1) throw new UserError('choose one of --staged, --pre-push, --pre-receive, --history, --stdin');
  if ((argv.all || argv.range || argv.since || argv.objects) && !argv.history) throw new UserError('--all, --objects, --range and --since go with --history');
  if (argv.objects && (argv.range || argv.since)) throw new UserError('--objects scans every object in the repository: it takes no --range or --since');
  if (argv['only-verified'] && !argv.verify) throw new UserError('--only-verified needs --verify');
  return {
    paths: argv._,
    staged: argv.staged,
    prePush: argv['pre-push'],
    preReceive: argv['pre-receive'],
    history: argv.history,
    all: argv.all,
    objects: argv.objects,
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
    minConfidence: argv['min-confidence'],
    quiet: argv.quiet,
  };
}

/** The same parse, always through yargs (tests compare it with the fast path). */
export async function parseScanArgsWithYargs(args: string[]): Promise<ScanArgs | 'help'> {
  return toScanArgs(await yargsParse(args));
}
