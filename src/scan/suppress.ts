// The suppression step of a scan: the baseline (--baseline FILE) and the ignore files at the root.
import type { Finding } from '../types.js';
import { makeSuppressor, readBaseline } from '../allow/baseline.js';
import { loadIgnoreFiles } from '../allow/ignore-file.js';

export function buildSuppressor(opts: { root: string; baselinePath?: string; ignorePath?: string }): (f: Finding) => 'baseline' | 'ignored' | undefined {
  const baseline = opts.baselinePath ? readBaseline(opts.baselinePath) : undefined;
  const ignore = loadIgnoreFiles(opts.root, opts.ignorePath ? [opts.ignorePath] : []);
  return makeSuppressor({ baseline, ignore });
}
