// `leakguard baseline [PATH...] [-o FILE] [--config FILE] [--history [--all]]`: records today's findings
// (fingerprints, no secrets) so that `leakguard scan --baseline FILE` reports only new ones.
import { resolve } from 'node:path';
import type { ScanResult } from '../../types.js';
import { cliBehaviour } from '../yargs-behaviour.js';
import { createBaseline, DEFAULT_BASELINE_FILE, writeBaseline } from '../../allow/baseline.js';
import { repoRoot } from '../../util/git.js';

interface BaselineArgs {
  paths: string[];
  output?: string;
  config?: string;
  history: boolean;
  all: boolean;
  gitignore: boolean;
  quiet: boolean;
}

async function parseArgs(args: string[]): Promise<BaselineArgs | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  let helped = false;
  const y = cliBehaviour(
    yargs(args)
    .scriptName('leakguard baseline')
    .usage(
      '$0 [PATH...] [options]\n\nRecord the findings of today (in PATHs, default .) in a baseline file, so that\n`leakguard scan --baseline FILE` reports only new ones. The file holds fingerprints, never secrets.',
    )
    .option('output', { alias: 'o', type: 'string', describe: `baseline file to write (default ${DEFAULT_BASELINE_FILE} at the repo root)` })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: .leakguard.toml or .gitleaks.toml at the repo root)' })
    .option('history', { type: 'boolean', default: false, describe: 'also record findings in every commit reachable from HEAD' })
    .option('all', { type: 'boolean', default: false, describe: 'with --history: every ref' })
    .option('gitignore', { type: 'boolean', default: true, describe: 'skip files git ignores (--no-gitignore to scan them)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no status line on stderr' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of internal errors' })
    .example('$0', `record findings in the working tree to ${DEFAULT_BASELINE_FILE}`)
    .example('$0 --history -o baseline.json', 'record findings in the tree and in all of history')
    .strict(),
  );
  const argv = await y.parseAsync();
  if (argv.help) helped = true;
  if (helped) return 'help';
  return {
    paths: argv._.map(String),
    output: argv.output,
    config: argv.config,
    history: argv.history,
    all: argv.all,
    gitignore: argv.gitignore,
    quiet: argv.quiet,
  };
}

async function historyFindings(cwd: string, a: BaselineArgs, configPath: string | undefined): Promise<ScanResult> {
  const { requireRepo } = await import('../../util/git.js');
  const { loadConfig } = await import('../../config/load.js');
  const { Detector } = await import('../../detect/engine.js');
  const { runScan } = await import('../../scan/run.js');
  const { historySource } = await import('../../sources/git-history.js');
  const target = a.paths[0] ? resolve(cwd, a.paths[0]) : cwd;
  const { root } = await requireRepo(target);
  const detector = new Detector(loadConfig({ configPath, root }));
  return runScan(historySource(root, { all: a.all }), { detector });
}

export async function run(args: string[]): Promise<number> {
  const a = await parseArgs(args);
  if (a === 'help') return 0;
  const cwd = process.cwd();
  const root = (await repoRoot(cwd)) ?? cwd;
  const configPath = a.config ? resolve(cwd, a.config) : undefined;
  const out = a.output ? resolve(cwd, a.output) : resolve(root, DEFAULT_BASELINE_FILE);
  const { scanDirectory } = await import('../../scan/directory.js');
  const tree = await scanDirectory(cwd, { configPath, paths: a.paths, gitignore: a.gitignore });
  const findings = [...tree.findings];
  let commits = 0;
  if (a.history) {
    const hist = await historyFindings(cwd, a, configPath);
    findings.push(...hist.findings);
    commits = hist.summary.commits;
  }
  const baseline = createBaseline(findings);
  writeBaseline(out, baseline);
  if (!a.quiet) {
    const n = baseline.entries.length;
    const where = `${tree.summary.scanned} file${tree.summary.scanned === 1 ? '' : 's'}${a.history ? ` and ${commits} commit${commits === 1 ? '' : 's'}` : ''}`;
    process.stderr.write(`leakguard: recorded ${n} finding${n === 1 ? '' : 's'} from ${where} in ${a.output ?? out}\n`);
    if (n > 0) process.stderr.write(`leakguard: later scans with --baseline ${a.output ?? out} report only new findings; rotate the recorded secrets when you can\n`);
  }
  return 0;
}
