// The fast option parser of `leakguard scan` must agree with yargs on every spelling it accepts,
// and hand everything else to yargs.
import { describe, expect, it } from 'vitest';
import { fastParse, parseScanArgs, parseScanArgsWithYargs } from '../../src/cli/commands/scan-args.js';

const accepted: string[][] = [
  [],
  ['--staged'],
  ['--staged', '-q'],
  ['--history', '--all'],
  ['--history', '--range', 'origin/main..HEAD', '--format', 'sarif', '--output', 'out.sarif'],
  ['--history', '--since=2024-01-01', '--format=json', '-o', 'x.json'],
  ['--pre-push', 'origin', 'git@example.com:a/b.git'],
  ['--pre-receive'],
  ['--stdin', '--stdin-name', 'config/app.env'],
  ['src', 'lib', '--no-gitignore', '--max-file-size', '2M'],
  ['.', '--no-redact', '--no-color', '--no-progress'],
  ['--color', '--progress', '--redact', '--gitignore'],
  ['-c', 'my.toml', '--baseline', 'b.json', '--ignore-file', 'ign'],
  ['--config=my.toml', '-f', 'github', '--quiet'],
  ['--staged', '--verify', '--only-verified', '--debug'],
  ['--format', 'junit', 'dir with space'],
];

const handedToYargs: string[][] = [
  ['--help'],
  ['-h'],
  ['--staged', '--staged'],
  ['--exclude', 'a', 'b'],
  ['--format', 'yaml'],
  ['--preReceive'],
  ['--staged=true'],
  ['--', 'x'],
  ['123'],
  ['--config'],
  ['--output', '-q'],
  ['-qf', 'json'],
  ['--no-staged'],
  ['--unknown'],
];

describe('scan options: fast parser', () => {
  for (const args of accepted) {
    it(`parses ${JSON.stringify(args)} as yargs does`, async () => {
      expect(fastParse(args)).toBeDefined();
      const fast = await parseScanArgs(args);
      const slow = await parseScanArgsWithYargs(args);
      expect(fast).toEqual(slow);
    });
  }
  for (const args of handedToYargs) {
    it(`leaves ${JSON.stringify(args)} to yargs`, () => {
      expect(fastParse(args)).toBeUndefined();
    });
  }
  it('still reports conflicting modes', async () => {
    await expect(parseScanArgs(['--staged', '--history'])).rejects.toThrow(/choose one of/);
    await expect(parseScanArgs(['--all'])).rejects.toThrow(/go with --history/);
  });
});
