// The POSIX sh that `leakguard install` puts into git hooks. Everything leakguard adds sits between
// a begin and an end marker line, so `uninstall` can take out exactly that and nothing else.
//
// The hooks fail closed: unless leakguard runs and exits 0 (clean) the commit or push is refused.
// Exit 1 means secrets were found; anything else (not found, crashed, killed, exit 2) refuses with
// a message saying why and how to bypass knowingly. LEAKGUARD_SKIP=1 skips with a warning.
// The pre-commit block first greps the staged diff with the patterns of dist/precheck.ere
// (src/hooks/precheck.ts) and starts Node only when something there could be a finding; every
// case it cannot decide (no patterns file, a user config, git or grep failing) runs the full scan.
import { CONFIG_NAMES } from '../config/load.js';
import { PATCH_OPTS } from '../sources/git-run.js';
import { nodeFlags } from './node-flags.js';
import { PRECHECK_FILE, PRECHECK_HEADER } from './precheck.js';

export type HookName = 'pre-commit' | 'pre-push' | 'pre-receive';
export const HOOK_NAMES: HookName[] = ['pre-commit', 'pre-push', 'pre-receive'];

export const beginMarker = (hook: HookName) => `# >>> leakguard ${hook} >>>`;
export const endMarker = (hook: HookName) => `# <<< leakguard ${hook} <<<`;
/** Present in the block when leakguard created the hook file (uninstall then deletes the file). */
export const CREATED_MARK = '# leakguard-created-this-file';
export const CHAINED_SUFFIX = '.leakguard-chained';

/** Quote a string for POSIX sh. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface BlockOptions {
  /**
   * Absolute path of leakguard's bin script, recorded at install time; only for a hook file that is
   * not committed (inside .git/). A committed hook (husky's .husky/, a core.hooksPath directory in
   * the work tree) records nothing of the machine that wrote it: leakguard is found when it runs.
   */
  bin?: string;
  /** Absolute path of the node that ran `install` (falls back to `node` on PATH); with `bin` only. */
  node?: string;
  /** The file was created by leakguard. */
  created: boolean;
  /** Run `<hook>.leakguard-chained` (the hook that was there before) first. */
  chain: boolean;
}

/** Where a project's own install of leakguard keeps its bin, from the top of the work tree. */
export const LOCAL_BIN = 'node_modules/leakguard/bin/leakguard.js';

/**
 * The pre-commit pre-check (src/hooks/precheck.ts): sets lg_scan=0 when the staged diff holds
 * nothing any rule or the encoded pass could act on. Runs only when everything the full scan would
 * look at is known here: the patterns file of this very leakguard (dist/ beside its bin) in the
 * format this hook reads, leakguard's built code and node present (so a broken install is still
 * reported by running it), the work tree's top as the current directory (where git runs hooks)
 * without a user config there. git diff is the one `scan --staged` runs (same options); the
 * answer is "nothing to scan" only when git exited 0 and grep said "no match" (exit 1): a failed
 * git, a grep error or a match all run the full scan.
 */
function precheckLines(): string[] {
  const diff = ['git', 'diff', '--cached', ...PATCH_OPTS, '--'].join(' ');
  const L: string[] = [];
  L.push('  lg_scan=1');
  L.push('  if [ -n "$lg_bin" ]; then');
  L.push('    lg_pkg=${lg_bin%/*}');
  L.push('    lg_pkg=${lg_pkg%/*}');
  L.push(`    lg_pre="$lg_pkg/dist/${PRECHECK_FILE}"`);
  L.push('    lg_head=');
  L.push('    if [ -f "$lg_pre" ] && [ -f "$lg_pkg/dist/main.cjs" ] && command -v "$lg_node" >/dev/null 2>&1 && [ -e .git ] && [ -z "${GIT_WORK_TREE:-}" ] \\');
  L.push(`      && ${CONFIG_NAMES.map((n) => `[ ! -e ${n} ]`).join(' && ')}; then`);
  L.push('      read -r lg_head < "$lg_pre" || lg_head=');
  L.push('    fi');
  L.push(`    if [ "$lg_head" = ${shq(PRECHECK_HEADER)} ]; then`);
  // Each exit status is taken in an `if`, so `sh -e` (husky) does not end the pipeline's subshells first.
  L.push('      lg_pc=$( {');
  L.push(`        if ${diff} 2>/dev/null; then echo g0. >&3; else echo "g$?." >&3; fi |`);
  L.push('        if GREP_OPTIONS= LC_ALL=C grep -E -q -f "$lg_pre" >/dev/null 2>&1; then echo m0. >&3; else echo "m$?." >&3; fi');
  L.push('      } 3>&1 )');
  L.push('      case "$lg_pc" in *g0.*) case "$lg_pc" in *m1.*) lg_scan=0 ;; esac ;; esac');
  L.push('    fi');
  L.push('  fi');
  return L;
}

const WHAT: Record<HookName, { scan: string; refused: string; bypass: string; stdin: boolean }> = {
  'pre-commit': {
    scan: 'scan --staged',
    refused: 'commit refused',
    bypass: 'git commit --no-verify',
    stdin: false,
  },
  'pre-push': {
    scan: 'scan --pre-push "$1" "$2"',
    refused: 'push refused',
    bypass: 'git push --no-verify',
    stdin: true,
  },
  'pre-receive': {
    scan: 'scan --pre-receive',
    refused: 'push refused by the server',
    bypass: 'ask the repository administrator (LEAKGUARD_SKIP=1 in the server environment skips the check)',
    stdin: true,
  },
};

/** The marked block for one hook (without a trailing newline). */
export function hookBlock(hook: HookName, o: BlockOptions): string {
  const w = WHAT[hook];
  const feed = w.stdin ? `printf '%s\\n' "$lg_input" | ` : '';
  const skipHint = hook === 'pre-receive' ? w.bypass : `${w.bypass}, or LEAKGUARD_SKIP=1 ${hook === 'pre-commit' ? 'git commit' : 'git push'}`;
  const L: string[] = [];
  L.push(beginMarker(hook));
  L.push('# Added by `leakguard install`; `leakguard uninstall` removes this block.');
  if (o.created) L.push(CREATED_MARK);
  if (w.stdin) L.push('lg_input=$(cat)');
  if (o.chain) {
    L.push(`lg_chained="$(dirname -- "$0")/${hook}${CHAINED_SUFFIX}"`);
    L.push('if [ -x "$lg_chained" ]; then');
    L.push(`  ${feed}"$lg_chained" "$@" || exit $?`);
    L.push('fi');
  }
  L.push('if [ "${LEAKGUARD_SKIP:-}" = "1" ] || [ "${LEAKGUARD_SKIP:-}" = "true" ]; then');
  L.push(`  echo "leakguard: WARNING: LEAKGUARD_SKIP is set, the secret scan was skipped (${hook})" >&2`);
  L.push('else');
  if (o.bin !== undefined) {
    L.push(`  lg_recorded=${shq(o.bin)}`);
    L.push('  lg_bin=$lg_recorded');
    L.push(`  lg_node=${shq(o.node ?? 'node')}`);
    L.push('  [ -x "$lg_node" ] || lg_node=node');
    L.push('  [ -f "$lg_bin" ] || lg_bin=');
  } else {
    L.push('  lg_recorded=');
    L.push('  lg_bin=');
    L.push('  lg_node=node');
  }
  // The project's own install, at the top of the work tree (where git runs hooks; else asked of git).
  L.push('  if [ -z "$lg_bin" ]; then');
  L.push(`    if [ -f ${LOCAL_BIN} ]; then`);
  L.push(`      lg_bin="$PWD/${LOCAL_BIN}"`);
  L.push('    else');
  L.push('      lg_top=$(git rev-parse --show-toplevel 2>/dev/null) || lg_top=');
  L.push(`      if [ -n "$lg_top" ] && [ -f "$lg_top/${LOCAL_BIN}" ]; then lg_bin="$lg_top/${LOCAL_BIN}"; fi`);
  L.push('    fi');
  L.push('  fi');
  L.push('  lg_status=0');
  if (hook === 'pre-commit') L.push(...precheckLines());
  else L.push('  lg_scan=1');
  L.push('  if [ "$lg_scan" = 0 ]; then');
  L.push('    :');
  L.push('  elif [ -n "$lg_bin" ]; then');
  // No scan a hook runs talks to the network, so Node need not load NODE_EXTRA_CA_CERTS (a corporate
  // CA bundle costs each start tens of milliseconds); leakguard on PATH or via npx keeps the user's environment.
  // With the hooks' Node options (node-flags.ts); a node that does not know them exits 9 (bad
  // option): run without them then.
  const start = (flags: string) => `${feed}NODE_EXTRA_CA_CERTS= "$lg_node" ${flags}"$lg_bin" ${w.scan} || lg_status=$?`;
  L.push(`    ${start(nodeFlags(hook) + ' ')}`);
  L.push('    if [ "$lg_status" -eq 9 ]; then');
  L.push('      lg_status=0');
  L.push(`      ${start('')}`);
  L.push('    fi');
  L.push('  elif command -v leakguard >/dev/null 2>&1; then');
  L.push(`    ${feed}leakguard ${w.scan} || lg_status=$?`);
  L.push('  elif command -v npx >/dev/null 2>&1 && npx --no-install leakguard --version >/dev/null 2>&1; then');
  L.push(`    ${feed}npx --no-install leakguard ${w.scan} || lg_status=$?`);
  L.push('  else');
  L.push('    lg_status=127');
  L.push('  fi');
  L.push('  if [ "$lg_status" -eq 1 ]; then');
  L.push(`    echo "leakguard: ${w.refused}: secrets found (see above). Remove them, or mark a false positive with a leakguard:allow comment." >&2`);
  L.push(`    echo "leakguard: to go ahead anyway, knowingly: ${skipHint}" >&2`);
  L.push('    exit 1');
  L.push('  elif [ "$lg_status" -ne 0 ]; then');
  L.push('    if [ "$lg_status" -eq 127 ]; then');
  L.push(`      lg_why="leakguard was not found (${'${lg_recorded:+not at $lg_recorded, }'}not in ${LOCAL_BIN}, not on PATH, not via npx)"`);
  L.push('    elif [ "$lg_status" -gt 128 ]; then');
  L.push('      lg_why="leakguard was killed (exit status $lg_status)"');
  L.push('    else');
  L.push('      lg_why="leakguard failed (exit status $lg_status)"');
  L.push('    fi');
  L.push(`    echo "leakguard: ${w.refused}: the secret scan could not run: $lg_why." >&2`);
  L.push('    echo "leakguard: fix it (npm i -D leakguard && npx leakguard install), or bypass knowingly: ' + skipHint + '" >&2');
  L.push('    exit 1');
  L.push('  fi');
  L.push('fi');
  if (w.stdin) {
    // Give the rest of the hook (anything after this block) the stdin it would have had.
    L.push('exec 0<<LEAKGUARD_STDIN_EOF');
    L.push('$lg_input');
    L.push('LEAKGUARD_STDIN_EOF');
  }
  L.push(endMarker(hook));
  return L.join('\n');
}

export interface BlockSpan {
  start: number;
  end: number;
  text: string;
}

/** Find the marked block in a hook file's text (line-based; offsets cover whole lines). */
export function findBlock(hook: HookName, text: string): BlockSpan | undefined {
  const b = beginMarker(hook);
  const e = endMarker(hook);
  const lines = text.split('\n');
  let offset = 0;
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const len = lines[i]!.length + (i < lines.length - 1 ? 1 : 0);
    const t = lines[i]!.trimEnd();
    if (start === -1 && t === b) start = offset;
    else if (start !== -1 && t === e) {
      const end = offset + len;
      return { start, end, text: text.slice(start, end) };
    }
    offset += len;
  }
  return undefined;
}
