// How every command's yargs parser behaves: --help/-h, no --version of its own, never exits the
// process, and any parse failure becomes one UserError line (exit 2, no usage dump).
import type { Argv } from 'yargs';
import { UserError } from '../types.js';

export function cliBehaviour<T>(y: Argv<T>): Argv<T> {
  const out = y
    .help('help')
    .alias('help', 'h')
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UserError((msg || err?.message || 'invalid arguments').replace(/\s*\n\s*/g, ' '));
    });
  out.showHelpOnFail(false);
  return out;
}
