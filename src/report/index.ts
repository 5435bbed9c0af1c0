// Renders a scan result in one of the report formats. Every format redacts secret values (and masks
// them in matches, lines, commit text and notes) unless opts.redact is false (--no-redact). Redaction
// is done field by field in buildView (view.ts), never on the rendered document: a found value equal
// to a number, a key or a format keyword ("1234", "line", "error") must not rewrite the structure.
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ScanResult } from '../types.js';
import { UserError } from '../types.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { buildView, type ReportOptions } from './view.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'junit', 'github'];
export type { ReportOptions } from './view.js';
export { redact, maskLine } from './redact.js';

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

export function render(format: ReportFormat, result: ScanResult, opts: ReportOptions): string {
  const view = buildView(result, opts);
  let out: string;
  switch (format) {
    case 'text':
      out = renderText(result, view, opts);
      break;
    case 'json':
      out = renderJson(result, view, opts);
      break;
    case 'sarif':
      out = renderSarif(result, view, opts);
      break;
    case 'junit':
      out = renderJunit(result, view, opts);
      break;
    case 'github':
      out = renderGithub(result, view, opts);
      break;
    default:
      throw new UserError(`unknown format '${String(format)}' (use ${REPORT_FORMATS.join(', ')})`);
  }
  return out;
}

/** Writes a report file atomically (temp file then rename): never half a report. */
export function writeReportFile(file: string, content: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new UserError(`cannot write report ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
